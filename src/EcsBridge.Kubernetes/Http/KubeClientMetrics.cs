using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace EcsBridge.Kubernetes.Http;

/// <summary>Counts the client's requests. Also published on the Meter "EcsBridge.Kubernetes" as
/// <c>kube_client_requests</c> with tags <c>verb</c> and <c>code</c> (code "error" when nothing was answered).</summary>
public sealed class KubeClientMetrics
{
    public const string MeterName = "EcsBridge.Kubernetes";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Requests = Meter.CreateCounter<long>("kube_client_requests", description: "Kubernetes API requests by verb and status code");

    private readonly ConcurrentDictionary<(string Verb, string Code), long> _counts = new();
    private long _writes;
    private long _total;

    /// <summary>Raised after every request with its verb and status code; handlers must be quick.</summary>
    public event Action<string, string>? RequestCompleted;

    /// <summary>create, update, patch, apply and delete requests so far.</summary>
    public long WriteRequests => Interlocked.Read(ref _writes);

    public long TotalRequests => Interlocked.Read(ref _total);

    /// <summary>How many requests of this verb (get, list, watch, create, update, patch, apply, delete) were sent.</summary>
    public long Count(string verb) => _counts.Where(pair => pair.Key.Verb == verb).Sum(pair => pair.Value);

    public long Count(string verb, string code) => _counts.TryGetValue((verb, code), out var count) ? count : 0;

    public IReadOnlyDictionary<(string Verb, string Code), long> Snapshot() => new Dictionary<(string, string), long>(_counts);

    internal static bool IsWrite(string verb) => verb is "create" or "update" or "patch" or "apply" or "delete";

    internal void Record(string verb, string code)
    {
        Interlocked.Increment(ref _total);
        if (IsWrite(verb))
        {
            Interlocked.Increment(ref _writes);
        }
        _counts.AddOrUpdate((verb, code), 1, (_, count) => count + 1);
        Requests.Add(1, new KeyValuePair<string, object?>("verb", verb), new KeyValuePair<string, object?>("code", code));
        RequestCompleted?.Invoke(verb, code);
    }
}
