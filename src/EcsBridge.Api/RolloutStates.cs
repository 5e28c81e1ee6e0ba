namespace EcsBridge.Api;

/// <summary>Values of <see cref="ServiceDeployment.RolloutState"/>, as ECS spells them.</summary>
public static class RolloutStates
{
    public const string InProgress = "IN_PROGRESS";

    public const string Completed = "COMPLETED";

    public const string Failed = "FAILED";
}
