using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.Kubernetes.Http;

/// <summary>Verbs on objects: get, list, create, update (replace), patch, server-side apply and delete, on the
/// object itself or on a subresource ("status", "scale"). <c>ns</c> is null for cluster-scoped kinds (and for
/// listing across all namespaces).</summary>
public sealed partial class KubeClient
{
    public async Task<T> GetAsync<T>(ResourceType type, string? ns, string name, JsonTypeInfo<T> typeInfo,
        string? subresource = null, CancellationToken cancellationToken = default)
    {
        var path = ResourcePaths.For(type, ns, name, subresource);
        using var response = await SendAsync("get", HttpMethod.Get, path, null, null, false,
            Describe("get", type, ns, name, subresource), cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, typeInfo, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Like <see cref="GetAsync{T}"/>, but null when the object does not exist.</summary>
    public async Task<T?> TryGetAsync<T>(ResourceType type, string? ns, string name, JsonTypeInfo<T> typeInfo,
        string? subresource = null, CancellationToken cancellationToken = default)
        where T : class
    {
        try
        {
            return await GetAsync(type, ns, name, typeInfo, subresource, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeNotFoundException)
        {
            return null;
        }
    }

    /// <summary>One page. Pass <see cref="ListOptions.Limit"/> and then the returned continue token to page.</summary>
    public async Task<KubeList<T>> ListAsync<T>(ResourceType type, string? ns, JsonTypeInfo<T> typeInfo,
        ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ListOptions();
        var path = ResourcePaths.WithQuery(ResourcePaths.For(type, ns),
            ("labelSelector", options.LabelSelector),
            ("fieldSelector", options.FieldSelector),
            ("limit", options.Limit?.ToString(CultureInfo.InvariantCulture)),
            ("continue", options.Continue),
            ("resourceVersion", options.ResourceVersion));
        var operation = Describe("list", type, ns, null);
        // The page is read as it arrives, item by item (ListPageParser): neither its bytes nor a JsonDocument of it
        // are ever held whole.
        using var response = await SendAsync("list", HttpMethod.Get, path, null, null, false,
            operation, cancellationToken, readBodyLater: true).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Settings.RequestTimeout);
        var parser = new ListPageParser<T>(type, typeInfo, options.SkipUndecodable);
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            return await parser.ReadAsync(stream, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new KubeConnectionException(
                $"{operation}: the list did not arrive within {Settings.RequestTimeout.TotalSeconds:0} s ({parser.ItemCount} items read)", ex);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or TruncatedListException)
        {
            throw new KubeConnectionException($"{operation}: the list response broke off: {ex.Message}", ex);
        }
    }

    /// <summary>Every page, following continue tokens. The resourceVersion is the first page's, which is the
    /// snapshot all pages belong to (a watch started from it misses nothing).</summary>
    public async Task<KubeList<T>> ListAllAsync<T>(ResourceType type, string? ns, JsonTypeInfo<T> typeInfo,
        ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ListOptions();
        options = options with { Limit = options.Limit ?? 500 };
        var items = new List<T>();
        var undecodable = new List<UndecodableObject>();
        ListMeta? first = null;
        while (true)
        {
            var page = await ListAsync(type, ns, typeInfo, options, cancellationToken).ConfigureAwait(false);
            first ??= page.Metadata;
            items.AddRange(page.Items);
            undecodable.AddRange(page.Undecodable);
            if (string.IsNullOrEmpty(page.Metadata.Continue))
            {
                return new KubeList<T> { Metadata = first with { Continue = null, RemainingItemCount = null }, Items = items, Undecodable = undecodable };
            }
            options = options with { Continue = page.Metadata.Continue, ResourceVersion = null };
        }
    }

    public async Task<T> CreateAsync<T>(ResourceType type, string? ns, T value, JsonTypeInfo<T> typeInfo,
        bool dryRun = false, CancellationToken cancellationToken = default)
    {
        var path = ResourcePaths.WithQuery(ResourcePaths.For(type, ns), ("dryRun", dryRun ? "All" : null));
        using var response = await SendAsync("create", HttpMethod.Post, path, JsonSerializer.SerializeToUtf8Bytes(value, typeInfo),
            "application/json", false, Describe("create", type, ns, null), cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, typeInfo, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>PUT: replaces the object (or its status/scale). A resourceVersion in the body makes it conditional
    /// and a stale one raises <see cref="KubeConflictException"/>.</summary>
    public async Task<T> ReplaceAsync<T>(ResourceType type, string? ns, string name, T value, JsonTypeInfo<T> typeInfo,
        string? subresource = null, CancellationToken cancellationToken = default)
    {
        var path = ResourcePaths.For(type, ns, name, subresource);
        using var response = await SendAsync("update", HttpMethod.Put, path, JsonSerializer.SerializeToUtf8Bytes(value, typeInfo),
            "application/json", false, Describe("update", type, ns, name, subresource), cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, typeInfo, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A merge, JSON or strategic-merge patch; <paramref name="patch"/> is the patch document as JSON text.</summary>
    public async Task<T> PatchAsync<T>(ResourceType type, string? ns, string name, PatchType patchType, string patch,
        JsonTypeInfo<T> typeInfo, string? subresource = null, string? fieldManager = null, CancellationToken cancellationToken = default)
    {
        var contentType = patchType switch
        {
            PatchType.Merge => "application/merge-patch+json",
            PatchType.Json => "application/json-patch+json",
            _ => "application/strategic-merge-patch+json",
        };
        var path = ResourcePaths.WithQuery(ResourcePaths.For(type, ns, name, subresource), ("fieldManager", fieldManager));
        using var response = await SendAsync("patch", HttpMethod.Patch, path, System.Text.Encoding.UTF8.GetBytes(patch), contentType, false,
            Describe("patch", type, ns, name, subresource), cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, typeInfo, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Server-side apply: sends <paramref name="value"/> (with apiVersion, kind and metadata.name) as the
    /// fields this manager owns. A field owned by another manager fails with <see cref="KubeConflictException"/>
    /// unless <see cref="ApplyOptions.Force"/> is set.</summary>
    public async Task<T> ApplyAsync<T>(ResourceType type, string? ns, string name, T value, JsonTypeInfo<T> typeInfo,
        ApplyOptions options, string? subresource = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = ResourcePaths.WithQuery(ResourcePaths.For(type, ns, name, subresource),
            ("fieldManager", options.FieldManager),
            ("force", options.Force ? "true" : null),
            ("dryRun", options.DryRun ? "All" : null));
        // JSON is YAML, so the apply-patch+yaml media type takes a JSON body, escaped the way YAML reads it.
        using var response = await SendAsync("apply", HttpMethod.Patch, path, SerializeForApply(value, typeInfo),
            "application/apply-patch+yaml", false, Describe("apply", type, ns, name, subresource), cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, typeInfo, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The apply body as UTF-8 JSON that YAML reads back unchanged (see <see cref="ApplyPatchEncoder"/>).</summary>
    public static byte[] SerializeForApply<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ApplyPatchEncoder.Instance }))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Deletes the object; <see cref="KubeNotFoundException"/> when it is not there, <see cref="KubeConflictException"/>
    /// when a precondition fails.</summary>
    public async Task DeleteAsync(ResourceType type, string? ns, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DeleteOptions();
        var body = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "DeleteOptions" };
        if (options.PropagationPolicy is { } policy)
        {
            body["propagationPolicy"] = policy;
        }
        if (options.GracePeriodSeconds is { } grace)
        {
            body["gracePeriodSeconds"] = grace;
        }
        if (options.PreconditionUid is not null || options.PreconditionResourceVersion is not null)
        {
            var preconditions = new JsonObject();
            if (options.PreconditionUid is { } uid)
            {
                preconditions["uid"] = uid;
            }
            if (options.PreconditionResourceVersion is { } version)
            {
                preconditions["resourceVersion"] = version;
            }
            body["preconditions"] = preconditions;
        }
        if (options.DryRun)
        {
            body["dryRun"] = new JsonArray("All");
        }
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, KubeJsonContext.Default.JsonObject);
        using var response = await SendAsync("delete", HttpMethod.Delete, ResourcePaths.For(type, ns, name), bytes, "application/json", false,
            Describe("delete", type, ns, name), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the object if it exists; false when it was already gone.</summary>
    public async Task<bool> DeleteIfExistsAsync(ResourceType type, string? ns, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            await DeleteAsync(type, ns, name, options, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (KubeNotFoundException)
        {
            return false;
        }
    }

    /// <summary>GET of a raw path such as /version or /apis (discovery), as JSON.</summary>
    public async Task<JsonNode?> GetRawAsync(string path, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync("get", HttpMethod.Get, path, null, null, false, "get " + path, cancellationToken).ConfigureAwait(false);
        return await ReadAsync(response, KubeJsonContext.Default.JsonNode, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return (await JsonSerializer.DeserializeAsync(stream, typeInfo, cancellationToken).ConfigureAwait(false))!;
    }
}
