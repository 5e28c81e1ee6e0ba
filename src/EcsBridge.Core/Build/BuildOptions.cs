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

    public static BuildOptions Default { get; } = new();
}
