namespace EcsBridge.Kubernetes.Http;

public sealed record DeleteOptions
{
    /// <summary>Orphan, Background or Foreground.</summary>
    public string? PropagationPolicy { get; init; }

    /// <summary>Delete only if the object still has this uid (not a newer object of the same name).</summary>
    public string? PreconditionUid { get; init; }

    /// <summary>Delete only if nobody changed the object since this version.</summary>
    public string? PreconditionResourceVersion { get; init; }

    public long? GracePeriodSeconds { get; init; }

    public bool DryRun { get; init; }
}
