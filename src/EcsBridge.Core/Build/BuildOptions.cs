using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Build;

/// <summary>What the target cluster supports and who owns the children. The defaults describe the newest Kubernetes
/// with no owner, which is what <c>ecsbridge render</c> uses when it is given no cluster.</summary>
public sealed record BuildOptions
{
    /// <summary><c>autoscaling/v2</c> (Kubernetes 1.23+) or <c>autoscaling/v2beta2</c> (older clusters, e.g. 1.20).</summary>
    public string HpaApiVersion { get; init; } = HorizontalPodAutoscaler.ApiVersionV2;

    /// <summary>Whether init containers with <c>restartPolicy: Always</c> (native sidecars, 1.29+) are available.</summary>
    public bool NativeSidecars { get; init; } = true;

    /// <summary>The EcsService's uid; when set, every child gets a controller owner reference to it.</summary>
    public string? OwnerUid { get; init; }

    /// <summary>How long a rollout may go without progress before the circuit breaker calls it FAILED
    /// (progressDeadlineSeconds on the Deployment; set only when the circuit breaker is enabled).</summary>
    public int CircuitBreakerDeadlineSeconds { get; init; } = DeploymentBuilder.CircuitBreakerProgressDeadlineSeconds;

    /// <summary>How many nodes the DAEMON service's DaemonSet runs on (its status.desiredNumberScheduled), from which
    /// maxUnavailable is computed as ECS counts it; null when unknown (no DaemonSet yet, or a render without a cluster).</summary>
    public int? DaemonNodes { get; init; }

    public static BuildOptions Default { get; } = new();
}
