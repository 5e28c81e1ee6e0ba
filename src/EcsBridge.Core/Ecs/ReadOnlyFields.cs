namespace EcsBridge.Core.Ecs;

/// <summary>Keys that exist only in ECS output (describe-*), or only in a request envelope: never copied into a
/// spec. The ARNs and the revision go to provenance annotations instead.</summary>
internal static class ReadOnlyFields
{
    public static readonly IReadOnlySet<string> TaskDefinition = new HashSet<string>(StringComparer.Ordinal)
    {
        "taskDefinitionArn", "revision", "status", "requiresAttributes", "compatibilities",
        "registeredAt", "registeredBy", "deregisteredAt", "deleteRequestedAt",
    };

    public static readonly IReadOnlySet<string> Service = new HashSet<string>(StringComparer.Ordinal)
    {
        "serviceArn", "clusterArn", "status", "runningCount", "pendingCount", "deployments", "events",
        "createdAt", "createdBy", "roleArn", "taskSets", "platformFamily", "currentServiceDeployment",
        "currentServiceRevisions", "clientToken", "resourceManagementType",
    };

    /// <summary>Server-set metadata of objects read back with `kubectl get -o yaml`.</summary>
    public static readonly IReadOnlySet<string> Metadata = new HashSet<string>(StringComparer.Ordinal)
    {
        "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
        "deletionGracePeriodSeconds", "managedFields", "selfLink",
    };
}
