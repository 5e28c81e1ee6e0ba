namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record ContainerStateTerminated
{
    public int ExitCode { get; init; }

    public int? Signal { get; init; }

    /// <summary>Completed, Error, OOMKilled, …</summary>
    public string? Reason { get; init; }

    public string? Message { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }
}
