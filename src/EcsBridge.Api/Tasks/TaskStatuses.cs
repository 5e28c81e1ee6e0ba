namespace EcsBridge.Api.Tasks;

/// <summary>ECS's task lastStatus / desiredStatus values EcsBridge reports.</summary>
public static class TaskStatuses
{
    /// <summary>The pod is not created or not yet scheduled.</summary>
    public const string Provisioning = "PROVISIONING";

    /// <summary>Scheduled; containers are being pulled or started.</summary>
    public const string Pending = "PENDING";

    public const string Running = "RUNNING";

    public const string Stopped = "STOPPED";
}

/// <summary>ECS's task stopCode values EcsBridge reports.</summary>
public static class StopCodes
{
    public const string TaskFailedToStart = "TaskFailedToStart";

    public const string EssentialContainerExited = "EssentialContainerExited";

    public const string UserInitiated = "UserInitiated";

    public const string TerminationNotice = "TerminationNotice";

    /// <summary>A service's task the scheduler stopped: replaced by a deployment or scaled in.</summary>
    public const string ServiceSchedulerInitiated = "ServiceSchedulerInitiated";
}
