namespace EcsBridge.Kubernetes.Models.Workloads;

/// <summary>Container-level security context.</summary>
public sealed record SecurityContext
{
    public Capabilities? Capabilities { get; init; }

    public bool? Privileged { get; init; }

    public long? RunAsUser { get; init; }

    public long? RunAsGroup { get; init; }

    public bool? RunAsNonRoot { get; init; }

    public bool? ReadOnlyRootFilesystem { get; init; }

    public bool? AllowPrivilegeEscalation { get; init; }
}
