namespace EcsBridge.Api;

/// <summary>The condition types EcsBridge sets (Kubernetes <c>metav1.Condition</c> shape).</summary>
/// <remarks>
/// EcsService: Ready summarises the rest; Available (at least minimumHealthyPercent of desiredCount ready),
/// Progressing (a rollout is moving: True while IN_PROGRESS), Degraded (a persistent problem: a FAILED rollout,
/// an invalid spec, a missing task definition), Valid (the spec passed validation), Translated (True; reason
/// LossyTranslation when fields are only reported — see status.translationNotes).
/// EcsTaskDefinition: Valid, Translated and Ready (the latest revision is recorded).
/// EcsTask: Ready (every task running or succeeded), Succeeded and Failed.
/// </remarks>
public static class ConditionTypes
{
    public const string Ready = "Ready";

    public const string Available = "Available";

    public const string Progressing = "Progressing";

    public const string Degraded = "Degraded";

    public const string Valid = "Valid";

    public const string Translated = "Translated";

    /// <summary>EcsTask: every task stopped and every essential container exited 0.</summary>
    public const string Succeeded = "Succeeded";

    /// <summary>EcsTask: a task stopped otherwise, or the tasks could not be started.</summary>
    public const string Failed = "Failed";

    public const string True = "True";

    public const string False = "False";

    public const string Unknown = "Unknown";
}
