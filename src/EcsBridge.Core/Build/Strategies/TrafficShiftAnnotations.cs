namespace EcsBridge.Core.Build.Strategies;

/// <summary>
/// LINEAR/CANARY state, kept on the new revision's Deployment so that every reconcile reads it back from the cluster
/// (no memory in the operator; a restart mid-step resumes the step where it was). Once all traffic is on the new
/// revision these go, and <see cref="BlueGreenAnnotations"/> mark it as the production revision with its bake deadline.
/// </summary>
public static class TrafficShiftAnnotations
{
    /// <summary>The index of the current step in the schedule (0 = the first share).</summary>
    public const string Step = "ecsbridge.io/traffic-step";

    /// <summary>When the current step's tasks were all ready, i.e. when its share took effect (RFC 3339); absent while
    /// they start.</summary>
    public const string StepSince = "ecsbridge.io/traffic-step-since";

    /// <summary>The Deployment traffic shifts from: the state above is valid only while that one is still the
    /// production revision (a Deployment that becomes the target again starts afresh).</summary>
    public const string ShiftFrom = "ecsbridge.io/traffic-shift-from";
}
