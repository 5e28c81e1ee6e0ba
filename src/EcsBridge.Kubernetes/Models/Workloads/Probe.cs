namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record Probe
{
    public ExecAction? Exec { get; init; }

    public int? InitialDelaySeconds { get; init; }

    public int? TimeoutSeconds { get; init; }

    public int? PeriodSeconds { get; init; }

    public int? SuccessThreshold { get; init; }

    public int? FailureThreshold { get; init; }
}
