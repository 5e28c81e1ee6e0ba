namespace EcsBridge.Core.Validation;

/// <summary>The CamelCase reasons validation uses.</summary>
public static class ValidationReasons
{
    // Warnings: accepted, but Kubernetes does not do what ECS does.

    /// <summary>Accepted and recorded; has no effect on Kubernetes.</summary>
    public const string NotSupported = "NotSupported";

    /// <summary>Honoured approximately; the message says how it differs.</summary>
    public const string Approximated = "Approximated";

    /// <summary>Meaningless here (e.g. cluster: the namespace is the cluster).</summary>
    public const string Ignored = "Ignored";

    /// <summary>Empty values ("", [], {}) that ECS JSON writes for "not set", read as absent.</summary>
    public const string ReadAsAbsent = "ReadAsAbsent";

    // Errors: the object is rejected.

    public const string InvalidName = "InvalidName";
    public const string NameMismatch = "NameMismatch";
    public const string DuplicateContainerName = "DuplicateContainerName";
    public const string InvalidContainerName = "InvalidContainerName";
    public const string MemoryReservationAboveMemory = "MemoryReservationAboveMemory";
    public const string NoEssentialContainer = "NoEssentialContainer";
    public const string UnknownContainer = "UnknownContainer";
    public const string DependencyCycle = "DependencyCycle";
    public const string InvalidDependencyCondition = "InvalidDependencyCondition";
    public const string MissingHealthCheck = "MissingHealthCheck";
    public const string InvalidHealthCheckCommand = "InvalidHealthCheckCommand";
    public const string InvalidTaskCpu = "InvalidTaskCpu";
    public const string InvalidTaskMemory = "InvalidTaskMemory";
    public const string InvalidFargateSize = "InvalidFargateSize";
    public const string ContainersExceedTaskSize = "ContainersExceedTaskSize";
    public const string PortConflict = "PortConflict";
    public const string HostPortConflict = "HostPortConflict";
    public const string HostPortMismatch = "HostPortMismatch";
    public const string MissingContainerPort = "MissingContainerPort";
    public const string DuplicateVolumeName = "DuplicateVolumeName";
    public const string UnknownVolume = "UnknownVolume";
    public const string MissingField = "MissingField";
    public const string InvalidGpuCount = "InvalidGpuCount";
    public const string InvalidTaskDefinitionReference = "InvalidTaskDefinitionReference";
    public const string DesiredCountRequired = "DesiredCountRequired";
    public const string UnknownContainerPort = "UnknownContainerPort";
    public const string UnknownPortName = "UnknownPortName";
    public const string InvalidCapacityRange = "InvalidCapacityRange";
    public const string AutoScalingWithDaemon = "AutoScalingWithDaemon";
    public const string MissingMetric = "MissingMetric";
}
