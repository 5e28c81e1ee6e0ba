using EcsBridge.Api;
using EcsBridge.Kubernetes.Http;

namespace EcsBridge.Watch;

/// <summary>The resource types the operator reads and writes beyond the client's built-in list.</summary>
internal static class OperatorResources
{
    public static ResourceType EcsServices { get; } = new(GroupVersion.Group, GroupVersion.Version, GroupVersion.ServicePlural, GroupVersion.ServiceKind, true);

    public static ResourceType EcsTaskDefinitions { get; } = new(GroupVersion.Group, GroupVersion.Version, GroupVersion.TaskDefinitionPlural, GroupVersion.TaskDefinitionKind, true);

    public static ResourceType EcsTasks { get; } = new(GroupVersion.Group, GroupVersion.Version, GroupVersion.TaskPlural, GroupVersion.TaskKind, true);

    public static ResourceType DaemonSets { get; } = new("apps", "v1", "daemonsets", "DaemonSet", true);

    public static ResourceType ControllerRevisions { get; } = new("apps", "v1", "controllerrevisions", "ControllerRevision", true);
}
