using EcsBridge.Api.Schema;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.Api;

/// <summary>An ECS task definition family; its name is the family. The operator records a revision for each change.</summary>
[CustomResource(GroupVersion.TaskDefinitionKind, GroupVersion.TaskDefinitionPlural, GroupVersion.TaskDefinitionSingular,
    GroupVersion.TaskDefinitionListKind, ShortNames = [GroupVersion.TaskDefinitionShortName], Categories = [GroupVersion.Category])]
[Description("An ECS task definition family (the name is the family). The spec is an ECS RegisterTaskDefinition body; each change records a new revision in status.")]
[PrinterColumn(1, "Family", "string", ".metadata.name", Description = "The task definition family (spec.family must equal metadata.name, and may be left out).")]
[PrinterColumn(2, "Revision", "integer", ".status.revision", Description = "The latest revision.")]
[PrinterColumn(3, "Containers", "string", ".status.containers", Description = "The container names of the latest revision.")]
[PrinterColumn(4, "CPU", "string", ".spec.cpu", Description = "Task CPU.")]
[PrinterColumn(5, "Memory", "string", ".spec.memory", Description = "Task memory.")]
[PrinterColumn(6, "Age", "date", ".metadata.creationTimestamp")]
public sealed record EcsTaskDefinition : IKubernetesObject
{
    [Description("APIVersion defines the versioned schema of this representation of an object.")]
    public string? ApiVersion { get; init; } = GroupVersion.ApiVersion;

    [Description("Kind is a string value representing the REST resource this object represents.")]
    public string? Kind { get; init; } = GroupVersion.TaskDefinitionKind;

    public required ObjectMeta Metadata { get; init; }

    [Description("The task definition, as an ECS RegisterTaskDefinition request body.")]
    public required EcsTaskDefinitionSpec Spec { get; init; }

    [Description("The revisions recorded by the operator.")]
    public EcsTaskDefinitionStatus? Status { get; init; }
}
