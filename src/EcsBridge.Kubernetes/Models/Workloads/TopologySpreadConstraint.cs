namespace EcsBridge.Kubernetes.Models.Workloads;

public sealed record TopologySpreadConstraint
{
    public required int MaxSkew { get; init; }

    public required string TopologyKey { get; init; }

    /// <summary>DoNotSchedule or ScheduleAnyway.</summary>
    public required string WhenUnsatisfiable { get; init; }

    public LabelSelector? LabelSelector { get; init; }
}
