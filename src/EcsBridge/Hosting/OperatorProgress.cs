using System.Net;
using EcsBridge.Core.Build;
using EcsBridge.Events;
using EcsBridge.Reconcile;
using EcsBridge.Watch;

namespace EcsBridge.Hosting;

/// <summary>
/// What the hosted services hand on to the ones started after them (caches and build options, the event recorder,
/// the lease), and what the command, tests and benchmarks wait on. Each part is set once, by the service that owns it.
/// </summary>
internal sealed class OperatorProgress : IDisposable
{
    /// <summary>Set once every cache has synced; tests and benchmarks read it.</summary>
    public TaskCompletionSource CachesSynced { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The ECS API's bound address once it listens (never set when --ecs-api-bind-address is 0).</summary>
    public TaskCompletionSource<IPEndPoint> EcsApiListening { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set when this replica may write: it holds the lease, or leader election is off.</summary>
    public TaskCompletionSource Leading { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Cancelled when the lease is lost or the lease loop fails: reconciles in flight stop writing at once.</summary>
    public CancellationTokenSource Abort { get; } = new();

    /// <summary>Leadership was lost or leader election failed: the process exits non-zero so the pod restarts as a
    /// standby, as controller-runtime does.</summary>
    public bool LostLeadership { get; set; }

    /// <summary>Set by the cache service once the caches run.</summary>
    public Caches? Caches { get; set; }

    /// <summary>What the builders need to know about the cluster (HPA version, native sidecars).</summary>
    public BuildOptions? BuildOptions { get; set; }

    /// <summary>Set by the event recorder service.</summary>
    public EventRecorder? Events { get; set; }

    /// <summary>Set by the controller service; the idle trimmer reads their work in flight.</summary>
    public IReadOnlyList<Controller> Controllers { get; set; } = [];

    public void Dispose() => Abort.Dispose();
}
