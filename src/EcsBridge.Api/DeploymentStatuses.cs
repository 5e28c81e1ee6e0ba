namespace EcsBridge.Api;

/// <summary>Values of <see cref="ServiceDeployment.Status"/>, as ECS spells them.</summary>
public static class DeploymentStatuses
{
    public const string Primary = "PRIMARY";

    public const string Active = "ACTIVE";

    public const string Inactive = "INACTIVE";
}
