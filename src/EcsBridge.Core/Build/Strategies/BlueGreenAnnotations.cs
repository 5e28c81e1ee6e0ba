namespace EcsBridge.Core.Build.Strategies;

/// <summary>
/// The blue/green state, kept on the Deployments themselves so that it is read back from the cluster on every
/// reconcile (no memory in the operator; a restart mid-bake resumes): the Deployment that most recently became the
/// production one carries the latest <see cref="ProductionSince"/>, and its <see cref="BakeDeadline"/> says until when
/// the previous revision is kept.
/// </summary>
public static class BlueGreenAnnotations
{
    /// <summary>When production traffic moved to this Deployment (RFC 3339).</summary>
    public const string ProductionSince = "ecsbridge.io/production-since";

    /// <summary>Until when the previous revision's Deployment is kept beside this one (RFC 3339).</summary>
    public const string BakeDeadline = "ecsbridge.io/bake-deadline";
}
