namespace EcsBridge.Kubernetes.Models.Workloads;

/// <summary>An empty <c>emptyDir: {}</c> is written as an object with no members, which the server keeps as is.</summary>
public sealed record EmptyDirVolumeSource
{
    /// <summary>"" (node disk) or Memory (tmpfs); null = the default.</summary>
    public string? Medium { get; init; }

    /// <summary>A canonical quantity such as "64Mi".</summary>
    public string? SizeLimit { get; init; }
}
