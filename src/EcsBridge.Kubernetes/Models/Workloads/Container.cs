namespace EcsBridge.Kubernetes.Models.Workloads;

/// <summary>core/v1 Container (also used for init containers and native sidecars).</summary>
public sealed record Container
{
    public required string Name { get; init; }

    public string? Image { get; init; }

    public IReadOnlyList<string>? Command { get; init; }

    public IReadOnlyList<string>? Args { get; init; }

    public string? WorkingDir { get; init; }

    public IReadOnlyList<ContainerPort>? Ports { get; init; }

    public IReadOnlyList<EnvVar>? Env { get; init; }

    public ResourceRequirements? Resources { get; init; }

    /// <summary>Only on init containers: <c>Always</c> makes a native sidecar (Kubernetes 1.29+).</summary>
    public string? RestartPolicy { get; init; }

    public IReadOnlyList<VolumeMount>? VolumeMounts { get; init; }

    public Probe? LivenessProbe { get; init; }

    public Probe? ReadinessProbe { get; init; }

    public Probe? StartupProbe { get; init; }

    public string? ImagePullPolicy { get; init; }

    public SecurityContext? SecurityContext { get; init; }
}
