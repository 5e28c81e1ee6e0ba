namespace EcsBridge.Api;

/// <summary>Values of <see cref="EcsServiceStatus.Status"/>, as ECS spells them.</summary>
public static class ServiceStatuses
{
    public const string Active = "ACTIVE";

    /// <summary>Deleted (metadata.deletionTimestamp set) while something still holds the object: its tasks stop.</summary>
    public const string Draining = "DRAINING";
}
