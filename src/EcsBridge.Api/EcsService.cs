using EcsBridge.Api.Schema;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.Api;

/// <summary>An ECS service: runs desiredCount copies of a task definition revision as a Deployment (or DaemonSet),
/// with a Service and an optional HorizontalPodAutoscaler of the same name.</summary>
[CustomResource(GroupVersion.ServiceKind, GroupVersion.ServicePlural, GroupVersion.ServiceSingular,
    GroupVersion.ServiceListKind, ShortNames = [GroupVersion.ServiceShortName], Categories = [GroupVersion.Category])]
[Description("An ECS service: keeps desiredCount tasks of a task definition revision running as a Deployment, with a Service and an optional HorizontalPodAutoscaler of the same name. The spec is an ECS CreateService body.")]
[ScaleSubresource(".spec.desiredCount", ".status.runningCount", LabelSelectorPath = ".status.selector")]
[PrinterColumn(1, "Task Definition", "string", ".status.taskDefinition", Description = "The family:revision of the primary deployment.")]
[PrinterColumn(2, "Desired", "integer", ".status.desiredCount", Description = "Desired tasks.")]
[PrinterColumn(3, "Running", "integer", ".status.runningCount", Description = "Running tasks.")]
[PrinterColumn(4, "Pending", "integer", ".status.pendingCount", Description = "Pending tasks.")]
[PrinterColumn(5, "Rollout", "string", ".status.deployments[?(@.status==\"PRIMARY\")].rolloutState", Description = "The rollout state of the primary deployment.")]
[PrinterColumn(6, "Age", "date", ".metadata.creationTimestamp")]
public sealed record EcsService : IKubernetesObject
{
    [Description("APIVersion defines the versioned schema of this representation of an object.")]
    public string? ApiVersion { get; init; } = GroupVersion.ApiVersion;

    [Description("Kind is a string value representing the REST resource this object represents.")]
    public string? Kind { get; init; } = GroupVersion.ServiceKind;

    public required ObjectMeta Metadata { get; init; }

    [Description("The service, as an ECS CreateService request body.")]
    public required EcsServiceSpec Spec { get; init; }

    [Description("The service as describe-services would show it, plus conditions.")]
    public EcsServiceStatus? Status { get; init; }
}
