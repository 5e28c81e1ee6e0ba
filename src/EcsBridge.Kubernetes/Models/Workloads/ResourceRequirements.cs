namespace EcsBridge.Kubernetes.Models.Workloads;

/// <summary>Quantities are kept as strings and must be written in the API server's canonical form ("250m", "512Mi",
/// "1", "1Gi"): any other spelling is normalised by the server and then differs from the applied body.</summary>
public sealed record ResourceRequirements
{
    public IReadOnlyDictionary<string, string>? Limits { get; init; }

    public IReadOnlyDictionary<string, string>? Requests { get; init; }
}
