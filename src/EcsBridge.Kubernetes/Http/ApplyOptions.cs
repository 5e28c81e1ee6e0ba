namespace EcsBridge.Kubernetes.Http;

/// <summary>Server-side apply: who owns the fields, and whether to take them from other managers.</summary>
public sealed record ApplyOptions
{
    public required string FieldManager { get; init; }

    /// <summary>Take over fields owned by other managers instead of failing with a 409 conflict.</summary>
    public bool Force { get; init; }

    public bool DryRun { get; init; }
}
