using EcsBridge.Api;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.Core.Build;

/// <summary>The inputs of one build and what every builder derives from them in the same way.</summary>
internal sealed record BuildContext(EcsService Service, ResolvedTaskDefinition TaskDefinition, BuildOptions Options, BuildNotes Notes)
{
    public EcsServiceSpec ServiceSpec => Service.Spec;

    public EcsTaskDefinitionSpec TaskSpec => TaskDefinition.Spec;

    /// <summary>Deployment, Service and HPA share the EcsService's name.</summary>
    public string Name { get; } = Service.Metadata.Name ?? Names.Dns1123Subdomain(Service.Spec.ServiceName ?? "service");

    public string? Namespace => Service.Metadata.Namespace;

    public IReadOnlyDictionary<string, string> SelectorLabels => Labels.Selector(Name);

    public IReadOnlyDictionary<string, string> ObjectLabels => Labels.ForObjects(Name, TaskDefinition.Family, TaskDefinition.Revision);

    public bool IsDaemon => string.Equals(ServiceSpec.SchedulingStrategy, "DAEMON", StringComparison.OrdinalIgnoreCase);

    /// <summary>Metadata for a child: name, namespace, labels, service tags as annotations, owner reference.</summary>
    public ObjectMeta ChildMetadata() => new()
    {
        Name = Name,
        Namespace = Namespace,
        Labels = ObjectLabels,
        Annotations = Canonical.Map(Labels.TagAnnotations(ServiceSpec.Tags)),
        OwnerReferences = Labels.OwnerReferences(Name, Options.OwnerUid),
    };
}
