using EcsBridge.Api;
using EcsBridge.Core.Build;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.Reconcile.Services;

/// <summary>Whether an object in a child's place is the EcsService's to write.</summary>
internal enum Ownership
{
    /// <summary>No such object: ours to create (server-side apply without force, so a namesake created meanwhile
    /// fails with a conflict instead of being taken over).</summary>
    Absent,

    /// <summary>Ours: written with force, pruned with a UID precondition.</summary>
    Controlled,

    /// <summary>Not ours, whatever its labels: never written, never pruned; the service reports ChildConflict.</summary>
    Foreign,
}

/// <summary>
/// The ownership rule, pure. A workload, Service or HPA is the EcsService's only when it carries a controller owner
/// reference with the EcsService's UID. The managed-by label is not ownership: it only decides what the caches see,
/// and anyone can set it (a copied manifest, a namesake left by a deleted EcsService), so a labelled object without
/// our controller reference is foreign too. The family's ServiceAccount is shared, with every service of the family
/// an owner and none the controller: it is ours when some EcsService owns it, and foreign otherwise (made by a
/// person or another tool, or a built-in such as <c>default</c>).
/// </summary>
internal static class ChildOwnership
{
    public static Ownership Decide(ObjectMeta? live, string serviceUid) =>
        live is null ? Ownership.Absent
        : live.OwnerReferences?.Any(o => o.Controller == true && o.Uid == serviceUid) == true ? Ownership.Controlled
        : Ownership.Foreign;

    public static Ownership DecideShared(ObjectMeta? live) =>
        live is null ? Ownership.Absent
        : live.OwnerReferences?.Any(IsEcsService) == true ? Ownership.Controlled
        : Ownership.Foreign;

    /// <summary>Whether this service is already among the owners of a shared object.</summary>
    public static bool IsOwner(ObjectMeta live, string serviceUid) => live.OwnerReferences?.Any(o => o.Uid == serviceUid) == true;

    /// <summary>What the Ready condition and the Event say: the object, why it is not ours, and what to do.</summary>
    public static string ConflictMessage(string kind, ObjectMeta live, string serviceName)
    {
        var controller = live.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
        var why = controller is not null
            ? controller.Kind == GroupVersion.ServiceKind && controller.Name == serviceName
                ? $"its controller is an earlier EcsService {serviceName} (uid {controller.Uid}) that the garbage collector has not finished removing"
                : $"its controller is {controller.Kind} {controller.Name}"
            : live.Labels?.TryGetValue(Labels.ManagedBy, out var manager) == true && manager == Labels.ManagedByValue
                ? $"it carries {Labels.ManagedBy}={Labels.ManagedByValue} but no controller reference to this EcsService"
                : "it was not created by EcsBridge";
        return $"{kind} {live.Namespace}/{live.Name} exists and is not controlled by EcsService {serviceName} ({why}); "
            + $"EcsBridge leaves it untouched. Delete or rename that {kind}, or rename the EcsService; EcsBridge retries on its own";
    }

    /// <summary>The shared ServiceAccount's variant of <see cref="ConflictMessage"/>.</summary>
    public static string SharedConflictMessage(ObjectMeta live, string serviceName) =>
        $"ServiceAccount {live.Namespace}/{live.Name} exists and no EcsService owns it (it was not created by EcsBridge), so EcsBridge "
        + $"does not annotate it with the task role of EcsService {serviceName}. Delete or rename that ServiceAccount, or use another "
        + "task definition family; EcsBridge retries on its own";

    private static bool IsEcsService(OwnerReference owner) =>
        owner.Kind == GroupVersion.ServiceKind && owner.ApiVersion.StartsWith(GroupVersion.Group + "/", StringComparison.Ordinal);
}
