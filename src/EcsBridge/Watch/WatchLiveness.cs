using System.Globalization;
using EcsBridge.Hosting;
using EcsBridge.Kubernetes.Watch;

namespace EcsBridge.Watch;

/// <summary>One /healthz check per informer ("watch:deployments.apps/ns"): it fails once the informer's list or watch
/// has not got through for longer than the threshold (the operator is running blind, and a restart may help: new
/// connections, new credentials), and passes again as soon as it reconnects. A shorter outage is normal (API
/// server restarts, upgrades) and is ridden out by the informers' own backoff.</summary>
internal static class WatchLiveness
{
    public static IDisposable Register(OperatorHealth health, Caches caches, TimeSpan threshold, TimeProvider time)
    {
        var registrations = caches.Watches
            .Select(w => health.AddCheck(CheckName(w.Type, w.Namespace), () => Probe(w.Liveness(), threshold, time.GetUtcNow())))
            .ToList();
        return new Registrations(registrations);
    }

    public static string CheckName(Kubernetes.Http.ResourceType type, string? ns) =>
        "watch:" + type.Plural + (type.Group.Length > 0 ? "." + type.Group : "") + (ns is null ? "" : "/" + ns);

    /// <summary>Null when healthy, else why not.</summary>
    public static string? Probe(InformerLiveness liveness, TimeSpan threshold, DateTimeOffset now)
    {
        if (!liveness.Running || liveness.DisconnectedSince is not { } since)
        {
            return null;
        }
        var down = now - since;
        return down < threshold
            ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"not connected for {down.TotalSeconds:0} s (threshold {threshold.TotalSeconds:0} s); last error: {liveness.LastError ?? "none"}");
    }

    private sealed class Registrations(List<IDisposable> items) : IDisposable
    {
        public void Dispose() => items.ForEach(i => i.Dispose());
    }
}
