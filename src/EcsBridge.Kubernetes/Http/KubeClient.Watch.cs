using System.Buffers;
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
        // Lines are split and parsed as UTF-8 in one pooled buffer that grows only for an event larger than it: no
        // string per line and no JsonDocument per event.
        var buffer = ArrayPool<byte>.Shared.Rent(8 * 1024);
        int start = 0, scanned = 0, filled = 0;
        try
        {
            while (true)
            {
                var newline = buffer.AsSpan(scanned, filled - scanned).IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    var line = start;
                    var length = scanned + newline - start;
                    start = scanned = scanned + newline + 1;
                    if (!IsBlank(buffer.AsSpan(line, length)))
                    {
                        yield return ParseEvent(buffer.AsSpan(line, length), typeInfo, operation, options.SkipUndecodable);
                    }
                    continue;
                }
                scanned = filled;
                if (start > 0)
                {
                    buffer.AsSpan(start, filled - start).CopyTo(buffer);
                    (filled, scanned, start) = (filled - start, scanned - start, 0);
                }
                if (filled == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = 0;
                var broken = false;
                try
                {
                    read = await stream.ReadAsync(buffer.AsMemory(filled), stall.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is OperationCanceledException or IOException or HttpRequestException)
                {
                    // The stream broke or stalled: same as the server closing it. The caller resumes from the last version.
                    broken = true;
                }
                if (broken)
                {
                    yield break;
                }
                if (read == 0)
                {
                    // The server closed the watch; a last line without its newline still counts.
                    if (!IsBlank(buffer.AsSpan(start, filled - start)))
                    {
                        yield return ParseEvent(buffer.AsSpan(start, filled - start), typeInfo, operation, options.SkipUndecodable);
                    }
                    yield break;
                }
                filled += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.Trim(" \t\r"u8).IsEmpty;

    internal static WatchEvent<T> ParseEvent<T>(string line, JsonTypeInfo<T> typeInfo, string operation, bool skipUndecodable = false) =>
        ParseEvent(System.Text.Encoding.UTF8.GetBytes(line), typeInfo, operation, skipUndecodable);

    /// <summary>One line of a watch stream. With <paramref name="skipUndecodable"/>, an object that does not decode
    /// into <typeparamref name="T"/> comes back as an event with <see cref="WatchEvent{T}.Undecodable"/> set (its
    /// resourceVersion too, so the watch still moves past it) instead of throwing.</summary>
    internal static WatchEvent<T> ParseEvent<T>(ReadOnlySpan<byte> line, JsonTypeInfo<T> typeInfo, string operation, bool skipUndecodable = false)
    {
        // {"type":"…","object":{…}}: the object is deserialized straight from its bytes.
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"{operation}: a watch event must be a JSON object");
        }
        string? kind = null;
        int objectStart = -1, objectEnd = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            var isObject = !isType && reader.ValueTextEquals("object"u8);
            reader.Read();
            if (isType && reader.TokenType == JsonTokenType.String)
            {
                kind = reader.GetString();
            }
            else if (isObject)
            {
                objectStart = (int)reader.TokenStartIndex;
                reader.Skip();
                objectEnd = (int)reader.BytesConsumed;
            }
            else
            {
                reader.Skip();
            }
        }
        if (kind is null || objectStart < 0)
        {
            throw new JsonException($"{operation}: a watch event without its type or object");
        }
        var obj = line[objectStart..objectEnd];
        var version = ResourceVersionOf(obj);
        WatchEvent<T> Decode(WatchEventType type, ReadOnlySpan<byte> obj)
        {
            try
            {
                return new WatchEvent<T> { Type = type, Object = JsonSerializer.Deserialize(obj, typeInfo)!, ResourceVersion = version };
            }
            catch (Exception ex) when (skipUndecodable && UndecodableObject.IsDecodeError(ex))
            {
                using var document = JsonDocument.Parse(obj.ToArray());
                return new WatchEvent<T> { Type = type, Object = default!, ResourceVersion = version, Undecodable = UndecodableObject.From(document.RootElement, ex) };
            }
        }

        switch (kind)
        {
            case "ADDED":
                return Decode(WatchEventType.Added, obj);
            case "MODIFIED":
                return Decode(WatchEventType.Modified, obj);
            case "DELETED":
                return Decode(WatchEventType.Deleted, obj);
            case "BOOKMARK":
                return new WatchEvent<T> { Type = WatchEventType.Bookmark, Object = default!, ResourceVersion = version };
            case "ERROR":
                var status = JsonSerializer.Deserialize(obj, KubeJsonContext.Default.Status) ?? new Status { Message = "watch error without a status" };
                var code = (HttpStatusCode)(status.Code ?? 500);
                throw KubeApiException.Create(code, status, operation);
            default:
                throw new JsonException($"{operation}: unknown watch event type \"{kind}\"");
        }
    }

    /// <summary>metadata.resourceVersion of an object, read without deserializing it (metadata comes early, so this
    /// rarely walks far).</summary>
    private static string? ResourceVersionOf(ReadOnlySpan<byte> obj)
    {
        var reader = new Utf8JsonReader(obj);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMetadata = reader.ValueTextEquals("metadata"u8);
            reader.Read();
            if (!isMetadata || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isVersion = reader.ValueTextEquals("resourceVersion"u8);
                reader.Read();
                if (isVersion)
                {
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
                reader.Skip();
            }
            return null;
        }
        return null;
    }
}
