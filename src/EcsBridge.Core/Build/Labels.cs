using EcsBridge.Api;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.Core.Build;

/// <summary>The labels, annotations and owner references EcsBridge puts on the objects it owns.</summary>
public static class Labels
{
    public const string Name = "app.kubernetes.io/name";
    public const string ManagedBy = "app.kubernetes.io/managed-by";
    public const string ManagedByValue = "ecsbridge";
    public const string Service = "ecsbridge.io/service";
    public const string TaskDefinition = "ecsbridge.io/task-definition";
    public const string Revision = "ecsbridge.io/revision";

    /// <summary>The EcsTask a one-off task's pod belongs to (instead of <see cref="Service"/>, so an EcsService of the
    /// same name never counts it).</summary>
    public const string Task = "ecsbridge.io/task";

    /// <summary>A one-off task's startedBy and group (ECS run-task), on its pod.</summary>
    public const string StartedByAnnotation = "ecsbridge.io/started-by";

    public const string GroupAnnotation = "ecsbridge.io/group";

    /// <summary>Prefix of the pod annotations made from container dockerLabels.</summary>
    public const string DockerLabelAnnotationPrefix = "ecsbridge.io/label.";

    /// <summary>Prefix of the annotations made from ECS tags.</summary>
    public const string TagAnnotationPrefix = "ecsbridge.io/tag.";

    /// <summary>Pod template annotation carrying the service's forceNewDeploymentToken: a new value is a new
    /// template, so the workload replaces every task.</summary>
    public const string ForceNewDeploymentAnnotation = "ecsbridge.io/force-new-deployment";

    /// <summary>Set on a service's pod by the ECS API's StopTask just before it deletes the pod: the reason given
    /// (empty for none), so the stopped task reports UserInitiated and that reason.</summary>
    public const string StopReasonAnnotation = "ecsbridge.io/stop-reason";

    /// <summary>The pod selector: only the service identity, so it never changes between revisions (a Deployment's
    /// selector is immutable).</summary>
    public static IReadOnlyDictionary<string, string> Selector(string serviceName)
    {
        var value = Names.LabelValue(serviceName);
        return Canonical.Map([new(Name, value), new(Service, value)])!;
    }

    /// <summary>Labels for the children and the pod template: the selector plus ownership and revision.</summary>
    public static IReadOnlyDictionary<string, string> ForObjects(string serviceName, string family, int revision)
    {
        var serviceValue = Names.LabelValue(serviceName);
        return Canonical.Map(
        [
            new(Name, serviceValue),
            new(Service, serviceValue),
            new(ManagedBy, ManagedByValue),
            new(TaskDefinition, Names.LabelValue(Names.Dns1123Subdomain(family))),
            new(Revision, revision.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ])!;
    }

    /// <summary>"k=v,k=v" in key order, the form of a scale subresource's status selector.</summary>
    public static string SelectorText(IReadOnlyDictionary<string, string> selector) =>
        string.Join(',', selector.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}"));

    /// <summary>The controller reference to the EcsService, or null when there is no owner (offline render).</summary>
    public static IReadOnlyList<OwnerReference>? OwnerReferences(string serviceName, string? ownerUid) =>
        string.IsNullOrEmpty(ownerUid)
            ? null
            :
            [
                new OwnerReference
                {
                    ApiVersion = GroupVersion.ApiVersion,
                    Kind = GroupVersion.ServiceKind,
                    Name = serviceName,
                    Uid = ownerUid,
                    Controller = true,
                    BlockOwnerDeletion = true,
                },
            ];

    /// <summary>Annotations <c>ecsbridge.io/tag.&lt;key&gt;</c> for ECS tags.</summary>
    internal static IEnumerable<KeyValuePair<string, string>> TagAnnotations(IEnumerable<ResourceTag>? tags) =>
        (tags ?? []).Select(tag => new KeyValuePair<string, string>(
            AnnotationKey(TagAnnotationPrefix, tag.Key), tag.Value ?? string.Empty));

    /// <summary>"ecsbridge.io/&lt;kind&gt;.&lt;key&gt;" with the part after the slash made a valid (≤ 63) name.</summary>
    internal static string AnnotationKey(string prefix, string key)
    {
        var slash = prefix.IndexOf('/', StringComparison.Ordinal);
        return prefix[..(slash + 1)] + Names.QualifiedNamePart(prefix[(slash + 1)..] + key);
    }
}
