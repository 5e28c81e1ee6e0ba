using EcsBridge.Api.Schema;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.Api;

[Description("The revisions of the family as the operator recorded them.")]
public sealed record EcsTaskDefinitionStatus
{
    [Description("The metadata.generation the operator last processed.")]
    public long? ObservedGeneration { get; init; }

    [Description("The latest revision number (1, 2, ...). Numbers are never reused.")]
    public int? Revision { get; init; }

    [Description("The container names of the latest revision, comma-separated (for kubectl get; a printer column shows only the first match of a list).")]
    public string? Containers { get; init; }

    [Description("The recorded revisions, oldest first (the operator may trim old ones).")]
    public IReadOnlyList<TaskDefinitionRevision>? History { get; init; }

    [Description("Fields accepted but not honoured on Kubernetes, with the reason.")]
    public IReadOnlyList<TranslationNote>? TranslationNotes { get; init; }

    [Description("Valid, Ready and Translated conditions.")]
    [ListMap("type")]
    public IReadOnlyList<Condition>? Conditions { get; init; }
}
