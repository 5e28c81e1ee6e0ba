namespace EcsBridge.Api;

/// <summary>The API group, version, kinds and resource names of EcsBridge's custom resources, in one place.</summary>
public static class GroupVersion
{
    public const string Group = "ecsbridge.io";

    public const string Version = "v1alpha1";

    /// <summary>The `apiVersion` of every EcsBridge object.</summary>
    public const string ApiVersion = Group + "/" + Version;

    /// <summary>The `kubectl get ecs` category that lists every kind.</summary>
    public const string Category = "ecs";

    public const string TaskDefinitionKind = "EcsTaskDefinition";

    public const string TaskDefinitionListKind = "EcsTaskDefinitionList";

    public const string TaskDefinitionPlural = "ecstaskdefinitions";

    public const string TaskDefinitionSingular = "ecstaskdefinition";

    public const string TaskDefinitionShortName = "ecstd";

    public const string ServiceKind = "EcsService";

    public const string ServiceListKind = "EcsServiceList";

    public const string ServicePlural = "ecsservices";

    public const string ServiceSingular = "ecsservice";

    public const string ServiceShortName = "ecssvc";

    public const string TaskKind = "EcsTask";

    public const string TaskListKind = "EcsTaskList";

    public const string TaskPlural = "ecstasks";

    public const string TaskSingular = "ecstask";

    public const string TaskShortName = "ecst";

    /// <summary>The CRD object name of the task definition kind (`plural.group`).</summary>
    public const string TaskDefinitionCrdName = TaskDefinitionPlural + "." + Group;

    /// <summary>The CRD object name of the service kind (`plural.group`).</summary>
    public const string ServiceCrdName = ServicePlural + "." + Group;

    /// <summary>The CRD object name of the one-off task kind (`plural.group`).</summary>
    public const string TaskCrdName = TaskPlural + "." + Group;
}
