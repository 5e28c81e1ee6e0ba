using System.Text.Json;

namespace EcsBridge.EcsApi;

/// <summary>One access key of the ECS API: its secret, the clusters it may use ("*" for every cluster) and
/// whether it may write. The first cluster is the key's home: where its task definitions are registered.</summary>
internal sealed record EcsAccessKey
{
    public required string AccessKeyId { get; init; }

    public required string SecretAccessKey { get; init; }

    public IReadOnlyList<string>? Clusters { get; init; }

    public bool ReadOnly { get; init; }

    public bool MayUse(string cluster) => Clusters is { } clusters && clusters.Any(c => c == "*" || c == cluster);

    /// <summary>Task definitions are regional in ECS but namespaced here: they live in the key's first cluster.</summary>
    public string HomeCluster => Clusters?.FirstOrDefault(c => c != "*") ?? EcsClusters.DefaultCluster;

    /// <summary>Never prints the secret (records print every property).</summary>
    public override string ToString() => $"EcsAccessKey {AccessKeyId}";
}

/// <summary>The credentials file: <c>{"keys": [{"accessKeyId", "secretAccessKey", "clusters": [...], "readOnly"}]}</c>.</summary>
internal sealed record EcsCredentialsDocument
{
    public IReadOnlyList<EcsAccessKey>? Keys { get; init; }
}

/// <summary>The keys, read from the file the operator is given (a mounted Secret in a cluster: the operator never
/// reads Secrets through the API). The file is read again when it changes, so a rotated Secret takes effect
/// without a restart; a file that no longer parses keeps the last good keys.</summary>
internal sealed class EcsApiCredentials
{
    private readonly string _path;
    private readonly Lock _gate = new();
    private DateTime _readAt;
    private IReadOnlyDictionary<string, EcsAccessKey> _keys;

    private EcsApiCredentials(string path, IReadOnlyDictionary<string, EcsAccessKey> keys, DateTime readAt)
    {
        _path = path;
        _keys = keys;
        _readAt = readAt;
    }

    /// <summary>Reads the file; throws <see cref="InvalidDataException"/> naming what is wrong (never a secret).</summary>
    public static EcsApiCredentials Load(string path)
    {
        var stamp = File.GetLastWriteTimeUtc(path);
        return new EcsApiCredentials(path, Parse(File.ReadAllBytes(path)), stamp);
    }

    internal static IReadOnlyDictionary<string, EcsAccessKey> Parse(byte[] json)
    {
        EcsCredentialsDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, EcsApiJsonContext.Default.EcsCredentialsDocument);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"the ECS API credentials file is not valid JSON (line {ex.LineNumber + 1})");
        }
        var keys = new Dictionary<string, EcsAccessKey>(StringComparer.Ordinal);
        foreach (var key in document?.Keys ?? [])
        {
            if (string.IsNullOrEmpty(key.AccessKeyId) || string.IsNullOrEmpty(key.SecretAccessKey))
            {
                throw new InvalidDataException("the ECS API credentials file has a key without accessKeyId or secretAccessKey");
            }
            if (key.Clusters is not { Count: > 0 })
            {
                throw new InvalidDataException($"ECS API key {key.AccessKeyId} names no clusters (use [\"*\"] for all)");
            }
            if (!keys.TryAdd(key.AccessKeyId, key))
            {
                throw new InvalidDataException($"ECS API key {key.AccessKeyId} appears twice");
            }
        }
        if (keys.Count == 0)
        {
            throw new InvalidDataException("the ECS API credentials file has no keys");
        }
        return keys;
    }

    public EcsAccessKey? Find(string accessKeyId)
    {
        Refresh();
        return _keys.TryGetValue(accessKeyId, out var key) ? key : null;
    }

    private void Refresh()
    {
        DateTime stamp;
        try
        {
            stamp = File.GetLastWriteTimeUtc(_path);
        }
        catch (IOException)
        {
            return;
        }
        if (stamp == _readAt)
        {
            return;
        }
        lock (_gate)
        {
            if (stamp == _readAt)
            {
                return;
            }
            try
            {
                _keys = Parse(File.ReadAllBytes(_path));
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                // Keep serving with the keys we have; a half-written file must not lock everyone out.
            }
            _readAt = stamp;
        }
    }
}
