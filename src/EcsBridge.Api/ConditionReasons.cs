namespace EcsBridge.Api;

/// <summary>CamelCase reasons of EcsBridge's conditions.</summary>
public static class ConditionReasons
{
    /// <summary>Ready=True: everything the spec asks for exists and is in its steady state.</summary>
    public const string Reconciled = "Reconciled";

    /// <summary>Ready/Valid=False: validation rejected the spec; nothing was changed.</summary>
    public const string ValidationFailed = "ValidationFailed";

    /// <summary>Valid=True.</summary>
    public const string SpecValid = "SpecValid";

    /// <summary>The service names a task definition family that does not exist in the namespace.</summary>
    public const string TaskDefinitionNotFound = "TaskDefinitionNotFound";

    /// <summary>The service pins a revision that was never recorded (or was trimmed).</summary>
    public const string RevisionNotFound = "RevisionNotFound";

    /// <summary>Degraded=True: the service's EcsTaskDefinition was deleted; the workload keeps running the stored
    /// revision it ran (Ready still follows the rollout).</summary>
    public const string TaskDefinitionDeleted = "TaskDefinitionDeleted";

    /// <summary>A task definition revision was recorded.</summary>
    public const string RevisionRecorded = "RevisionRecorded";

    /// <summary>Progressing=True: a rollout is IN_PROGRESS.</summary>
    public const string RolloutInProgress = "RolloutInProgress";

    /// <summary>Progressing=False: the rollout reached a steady state (COMPLETED).</summary>
    public const string RolloutCompleted = "RolloutCompleted";

    /// <summary>Degraded=True / Progressing=False: the circuit breaker or the progress deadline failed the rollout.</summary>
    public const string RolloutFailed = "RolloutFailed";

    /// <summary>The rollout failed and the previous COMPLETED revision was restored.</summary>
    public const string RolledBack = "RolledBack";

    /// <summary>Available=True: at least minimumHealthyPercent of the desired tasks are ready.</summary>
    public const string MinimumHealthyMet = "MinimumHealthyMet";

    /// <summary>Available=False.</summary>
    public const string MinimumHealthyNotMet = "MinimumHealthyNotMet";

    /// <summary>Degraded=False.</summary>
    public const string AsExpected = "AsExpected";

    /// <summary>Translated=True with nothing reported.</summary>
    public const string FullyTranslated = "FullyTranslated";

    /// <summary>Translated=True with some fields only reported (see status.translationNotes).</summary>
    public const string LossyTranslation = "LossyTranslation";

    /// <summary>Applying a child object failed (the message says which and why).</summary>
    public const string ApplyFailed = "ApplyFailed";

    /// <summary>Ready=False: an object with a child's name exists and this EcsService does not control it (made by hand,
    /// by another tool, or left by a deleted namesake); it is never written, and the reconcile retries with backoff.</summary>
    public const string ChildConflict = "ChildConflict";

    /// <summary>EcsTask: a task is not yet running.</summary>
    public const string TasksPending = "TasksPending";

    /// <summary>EcsTask Ready=True: every task runs (or already succeeded).</summary>
    public const string TasksRunning = "TasksRunning";

    /// <summary>EcsTask Succeeded=True: every task stopped with its essential containers exiting 0.</summary>
    public const string TasksSucceeded = "TasksSucceeded";

    /// <summary>EcsTask Failed=True: a task stopped with an essential container exiting non-zero, or was stopped.</summary>
    public const string TaskFailed = "TaskFailed";

    /// <summary>EcsTask: a container override names a container the task definition does not have.</summary>
    public const string UnknownContainer = "UnknownContainer";
}
