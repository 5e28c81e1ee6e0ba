namespace EcsBridge.Core.Build.Strategies;

/// <summary>Values of deploymentConfiguration.strategy, as ECS spells them.</summary>
public static class DeploymentStrategies
{
    public const string Rolling = "ROLLING";

    public const string BlueGreen = "BLUE_GREEN";

    public const string Linear = "LINEAR";

    public const string Canary = "CANARY";
}
