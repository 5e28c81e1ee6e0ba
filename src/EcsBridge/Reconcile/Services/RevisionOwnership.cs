using System.Text.Json.Nodes;
using EcsBridge.Api;
using EcsBridge.Core.Build;
using EcsBridge.Core.Validation;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Kubernetes.Models.Workloads;
using EcsBridge.Watch;

namespace EcsBridge.Reconcile.Services;

/// <summary>
/// An EcsService co-owns the ControllerRevisions it depends on: the one it runs and the last completed one (its
/// circuit-breaker rollback target), through a non-controller owner reference next to the EcsTaskDefinition's
/// controller reference. The garbage collector deletes an object only when all its owners are gone, so deleting the
/// task definition leaves these revisions (and the workload) in place while the service exists, and deleting the
/// service afterwards lets them go. Level-triggered from the cache: a write only when the set of revisions the
/// service depends on changes (a rollout starts or completes), none in steady state.
/// </summary>
internal static class RevisionOwnership
{
    public static async Task EnsureAsync(KubeClient client, NamespacedInformer<ControllerRevision> revisions, EcsService service,
        EcsServiceStatus status, CancellationToken cancellationToken)
    {
        var ns = service.Metadata.Namespace;
        var uid = service.Metadata.Uid!;
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in new[] { status.TaskDefinition, status.LastCompletedTaskDefinition })
        {
            if (TaskDefinitionReference.TryParse(text, out var reference) && reference.Revision is { } number)
            {
                wanted.Add(ControllerRevisionBuilder.Name(reference.Family, number));
            }
        }

        foreach (var name in wanted)
        {
            var revision = revisions.Get(ns, name);
            if (revision is null || revision.Metadata.DeletionTimestamp is not null || revision.Metadata.OwnerReferences?.Any(o => o.Uid == uid) == true)
            {
                continue;
            }
            var reference = new JsonObject
            {
                ["apiVersion"] = GroupVersion.ApiVersion, ["kind"] = GroupVersion.ServiceKind,
                ["name"] = service.Metadata.Name, ["uid"] = uid,
            };
            var add = revision.Metadata.OwnerReferences is { Count: > 0 }
                ? new JsonObject { ["op"] = "add", ["path"] = "/metadata/ownerReferences/-", ["value"] = reference }
                : new JsonObject { ["op"] = "add", ["path"] = "/metadata/ownerReferences", ["value"] = new JsonArray(reference) };
            await PatchAsync(client, revision, add, cancellationToken).ConfigureAwait(false);
        }

        foreach (var revision in revisions.ByOwner(uid))
        {
            if (revision.Metadata.Namespace != ns || wanted.Contains(revision.Metadata.Name!) || revision.Metadata.DeletionTimestamp is not null)
            {
                continue;
            }
            var owners = revision.Metadata.OwnerReferences!;
            if (owners.All(o => o.Uid == uid))
            {
                // Its task definition is gone and no other service runs it: an object with no owners left would never
                // be collected, so it goes now (only this very object: a namesake recorded since is not touched).
                await client.DeleteIfExistsAsync(OperatorResources.ControllerRevisions, ns, revision.Metadata.Name!,
                    new DeleteOptions { PreconditionUid = revision.Metadata.Uid }, cancellationToken).ConfigureAwait(false);
                continue;
            }
            var index = owners.ToList().FindIndex(o => o.Uid == uid);
            await PatchAsync(client, revision, new JsonObject { ["op"] = "remove", ["path"] = $"/metadata/ownerReferences/{index}" }, cancellationToken)
                .ConfigureAwait(false);
        }
    }

    /// <summary>A JSON patch (RFC 6902) guarded by the cached resourceVersion, so an index or an absence seen in a stale
    /// cache is never acted on (the test fails, the reconcile is retried on a fresher cache). Not a strategic merge
    /// patch or an apply: those re-encode the whole object, which changes the bytes of `data`, and the API server
    /// rejects that as a change of the immutable field. A JSON patch leaves untouched values byte for byte.</summary>
    private static async Task PatchAsync(KubeClient client, ControllerRevision revision, JsonObject operation, CancellationToken cancellationToken)
    {
        var patch = new JsonArray(
            new JsonObject { ["op"] = "test", ["path"] = "/metadata/resourceVersion", ["value"] = revision.Metadata.ResourceVersion },
            operation);
        try
        {
            await client.PatchAsync(OperatorResources.ControllerRevisions, revision.Metadata.Namespace, revision.Metadata.Name!, PatchType.Json,
                patch.ToJsonString(), KubeJsonContext.Default.JsonObject, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (KubeNotFoundException)
        {
            // Pruned or collected meanwhile: nothing left to own or release.
        }
    }
}
