using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.Kubernetes.Http;

public sealed partial class KubeClient
{
    /// <summary>
    /// Streams watch events until the server ends the watch (its timeoutSeconds), the caller cancels, or an error:
    /// an ERROR event becomes a <see cref="KubeApiException"/> (<see cref="KubeGoneException"/> for 410 / "too old
    /// resource version"). Bookmarks arrive as <see cref="WatchEventType.Bookmark"/> with no object.
    /// </summary>
    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(ResourceType type, string? ns, JsonTypeInfo<T> typeInfo,
        WatchOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new WatchOptions();
        var path = ResourcePaths.WithQuery(ResourcePaths.For(type, ns),
            ("watch", "1"),
            ("resourceVersion", options.ResourceVersion),
            ("allowWatchBookmarks", options.AllowWatchBookmarks ? "true" : null),
            ("timeoutSeconds", options.TimeoutSeconds?.ToString(CultureInfo.InvariantCulture)),
            ("labelSelector", options.LabelSelector),
            ("fieldSelector", options.FieldSelector));
        var operation = Describe("watch", type, ns, null);

        // A watch has no request timeout, but a connection that went silent for well past the server's own
        // timeout is dead (a half-open TCP connection); end it so the caller resumes.
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.TimeoutSeconds is { } seconds)
        {
            stall.CancelAfter(TimeSpan.FromSeconds(seconds + 30));
        }
        using var response = await SendAsync("watch", HttpMethod.Get, path, null, null, true, operation, stall.Token).ConfigureAwait(false);
        options.Established?.Invoke();
        await using var stream = await response.Content.ReadAsStreamAsync(stall.Token).ConfigureAwait(false);
        using var reader = new StreamReader(stream);
        while (true)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(stall.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is OperationCanceledException or IOException or HttpRequestException)
            {
                // The stream broke or stalled: same as the server closing it. The caller resumes from the last version.
                yield break;
            }
            if (line is null)
            {
                yield break;
            }
            if (line.Length == 0)
            {
                continue;
            }
            yield return ParseEvent(line, typeInfo, operation, options.SkipUndecodable);
        }
    }

    /// <summary>One line of a watch stream. With <paramref name="skipUndecodable"/>, an object that does not decode
    /// into <typeparamref name="T"/> comes back as an event with <see cref="WatchEvent{T}.Undecodable"/> set (its
    /// resourceVersion too, so the watch still moves past it) instead of throwing.</summary>
    internal static WatchEvent<T> ParseEvent<T>(string line, JsonTypeInfo<T> typeInfo, string operation, bool skipUndecodable = false)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var kind = root.GetProperty("type").GetString();
        var obj = root.GetProperty("object");
        string? version = null;
        if (obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty("resourceVersion", out var rv) && rv.ValueKind == JsonValueKind.String)
        {
            version = rv.GetString();
        }
        WatchEvent<T> Decode(WatchEventType type)
        {
            try
            {
                return new WatchEvent<T> { Type = type, Object = obj.Deserialize(typeInfo)!, ResourceVersion = version };
            }
            catch (Exception ex) when (skipUndecodable && UndecodableObject.IsDecodeError(ex))
            {
                return new WatchEvent<T> { Type = type, Object = default!, ResourceVersion = version, Undecodable = UndecodableObject.From(obj, ex) };
            }
        }

        switch (kind)
        {
            case "ADDED":
                return Decode(WatchEventType.Added);
            case "MODIFIED":
                return Decode(WatchEventType.Modified);
            case "DELETED":
                return Decode(WatchEventType.Deleted);
            case "BOOKMARK":
                return new WatchEvent<T> { Type = WatchEventType.Bookmark, Object = default!, ResourceVersion = version };
            case "ERROR":
                var status = obj.Deserialize(KubeJsonContext.Default.Status) ?? new Status { Message = "watch error without a status" };
                var code = (HttpStatusCode)(status.Code ?? 500);
                throw KubeApiException.Create(code, status, operation);
            default:
                throw new JsonException($"{operation}: unknown watch event type \"{kind}\"");
        }
    }
}
