using System.Text.Json.Nodes;
using EcsBridge.Api;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Watch;

namespace EcsBridge.EcsApi;

/// <summary>
/// TagResource, UntagResource and ListTagsForResource. Tags live where the custom resources carry them: a service's
/// spec.tags and a one-off task's spec.tags (the whole spec applied, as UpdateService does). A task definition
/// revision's spec is immutable (a changed spec is a new revision), so TagResource on it writes an annotation
/// <c>ecsbridge.io/ecs-tags.&lt;revision&gt;</c> on the EcsTaskDefinition (merge patch; until then the revision's
/// registered tags). A cluster's tags are an annotation on its namespace, only on a namespace the API created; a
/// service's task (a pod of a workload) reports no tags of its own and is not written.
/// </summary>
internal static class TagOperations
{
    public static async Task<EmptyResponse> TagAsync(EcsApiCall call, TagResourceRequest request, CancellationToken cancellationToken)
    {
        if (request.Tags is not { Count: > 0 } added)
        {
            throw EcsApiException.InvalidParameter("tags must name at least one tag.");
        }
        EcsTags.Validate(added);
        await EditAsync(call, request.ResourceArn, existing => EcsTags.Merge(existing, added), cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }

    public static async Task<EmptyResponse> UntagAsync(EcsApiCall call, UntagResourceRequest request, CancellationToken cancellationToken)
    {
        if (request.TagKeys is not { Count: > 0 } keys)
        {
            throw EcsApiException.InvalidParameter("tagKeys must name at least one key.");
        }
        foreach (var key in keys)
        {
            EcsTags.ValidateKey(key);
        }
        await EditAsync(call, request.ResourceArn, existing => EcsTags.Remove(existing, keys), cancellationToken).ConfigureAwait(false);
        return new EmptyResponse();
    }

    public static async Task<ListTagsForResourceResponse> ListAsync(EcsApiCall call, ListTagsForResourceRequest request, CancellationToken cancellationToken)
    {
        var (kind, rest) = Parse(request.ResourceArn);
        switch (kind)
        {
            case "cluster":
            {
                var (_, ns) = await ClusterAsync(call, rest, write: false, cancellationToken).ConfigureAwait(false);
                return new ListTagsForResourceResponse(EcsTags.Read(ns.Metadata.Annotations, EcsTags.Annotation));
            }
            case "service":
            {
                var service = await ServiceAsync(call, request.ResourceArn!, write: false, cancellationToken).ConfigureAwait(false);
                return new ListTagsForResourceResponse(service.Spec.Tags ?? []);
            }
            case "task-definition":
            {
                var (td, revision, spec) = await RevisionAsync(call, rest, write: false, cancellationToken).ConfigureAwait(false);
                return new ListTagsForResourceResponse(RevisionTags(td, revision, spec));
            }
            default:
            {
                var (task, _) = await TaskAsync(call, request.ResourceArn!, write: false, cancellationToken).ConfigureAwait(false);
                return new ListTagsForResourceResponse(task?.Spec.Tags ?? []);
            }
        }
    }

    private static async Task EditAsync(EcsApiCall call, string? resourceArn, Func<IReadOnlyList<ResourceTag>, IReadOnlyList<ResourceTag>> edit, CancellationToken cancellationToken)
    {
        var (kind, rest) = Parse(resourceArn);
        switch (kind)
        {
            case "cluster":
            {
                var (name, ns) = await ClusterAsync(call, rest, write: true, cancellationToken).ConfigureAwait(false);
                if (ns.Metadata.Labels?.GetValueOrDefault(EcsClusters.Label) != EcsClusters.LabelValue)
                {
                    throw EcsApiException.Client($"EcsBridge keeps a cluster's tags on the namespace it created for it; the namespace {name} was not created by the ECS API and is not written.");
                }
                var tags = edit(EcsTags.Read(ns.Metadata.Annotations, EcsTags.Annotation));
                await PatchAnnotationAsync(call, ResourceType.Namespaces, null, name, ns.Metadata.ResourceVersion, EcsTags.Annotation, tags, cancellationToken).ConfigureAwait(false);
                return;
            }
            case "service":
            {
                var service = await ServiceAsync(call, resourceArn!, write: true, cancellationToken).ConfigureAwait(false);
                var tags = edit(service.Spec.Tags ?? []);
                await call.Client.ApplyAsync(OperatorResources.EcsServices, service.Metadata.Namespace, service.Metadata.Name!, new EcsService
                {
                    Metadata = new ObjectMeta { Name = service.Metadata.Name, Namespace = service.Metadata.Namespace, ResourceVersion = service.Metadata.ResourceVersion },
                    Spec = service.Spec with { Tags = tags.Count == 0 ? null : tags },
                }, ApiJsonContext.Default.EcsService, call.Apply(), cancellationToken: cancellationToken).ConfigureAwait(false);
                return;
            }
            case "task-definition":
            {
                var (td, revision, spec) = await RevisionAsync(call, rest, write: true, cancellationToken).ConfigureAwait(false);
                var tags = edit(RevisionTags(td, revision, spec));
                await PatchAnnotationAsync(call, OperatorResources.EcsTaskDefinitions, td.Metadata.Namespace, td.Metadata.Name!, td.Metadata.ResourceVersion,
                    EcsTags.RevisionAnnotation(revision), tags, cancellationToken).ConfigureAwait(false);
                return;
            }
            default:
            {
                var (task, _) = await TaskAsync(call, resourceArn!, write: true, cancellationToken).ConfigureAwait(false);
                if (task is null)
                {
                    throw EcsApiException.Client("A service's task is a pod of the service's workload, which EcsBridge does not tag: tag the service (its tags reach new tasks with propagateTags SERVICE).");
                }
                var tags = edit(task.Spec.Tags ?? []);
                await call.Client.ApplyAsync(OperatorResources.EcsTasks, task.Metadata.Namespace, task.Metadata.Name!, new EcsTask
                {
                    Metadata = new ObjectMeta { Name = task.Metadata.Name, Namespace = task.Metadata.Namespace, ResourceVersion = task.Metadata.ResourceVersion },
                    Spec = task.Spec with { Tags = tags.Count == 0 ? null : tags },
                }, ApiJsonContext.Default.EcsTask, call.Apply(), cancellationToken: cancellationToken).ConfigureAwait(false);
                return;
            }
        }
    }

    private static (string Kind, string Path) Parse(string? resourceArn)
    {
        if (string.IsNullOrEmpty(resourceArn))
        {
            throw EcsApiException.InvalidParameter("resourceArn is required.");
        }
        return EcsArns.ParseResource(resourceArn) is { Kind: "cluster" or "service" or "task-definition" or "task" } parsed
            ? parsed
            : throw EcsApiException.InvalidParameter("resourceArn must be the ARN of a cluster, service, task definition or task.");
    }

    private static async Task<(string Name, KubeObject Namespace)> ClusterAsync(EcsApiCall call, string name, bool write, CancellationToken cancellationToken)
    {
        var cluster = EcsClusters.Resolve(name);
        call.Authorize(cluster, write);
        var ns = await EcsClusters.FindAsync(call.Client, cluster, cancellationToken).ConfigureAwait(false);
        return ns is null || ns.Metadata.DeletionTimestamp is not null
            ? throw new EcsApiException(EcsErrorTypes.ClusterNotFound, "Cluster not found.")
            : (cluster, ns);
    }

    private static async Task<EcsService> ServiceAsync(EcsApiCall call, string arn, bool write, CancellationToken cancellationToken)
    {
        var parsed = EcsArns.ParseService(arn) ?? throw EcsApiException.InvalidParameter("resourceArn is not a valid service ARN.");
        var cluster = EcsClusters.Resolve(parsed.Cluster);
        call.Authorize(cluster, write);
        await EcsClusters.RequireActiveAsync(call, cluster, cancellationToken).ConfigureAwait(false);
        return await call.Client.TryGetAsync(OperatorResources.EcsServices, cluster, parsed.Name, ApiJsonContext.Default.EcsService, cancellationToken: cancellationToken).ConfigureAwait(false)
            ?? throw new EcsApiException(EcsErrorTypes.ResourceNotFound, "The specified service could not be found.");
    }

    private static async Task<(EcsTaskDefinition Td, int Revision, EcsTaskDefinitionSpec Spec)> RevisionAsync(EcsApiCall call, string reference, bool write, CancellationToken cancellationToken)
    {
        if (!Core.Validation.TaskDefinitionReference.TryParse(reference, out var parsed) || parsed.Revision is null)
        {
            throw EcsApiException.InvalidParameter("A task definition ARN names a family and a revision (task-definition/family:revision).");
        }
        try
        {
            return await TaskDefinitionOperations.ReadRevisionAsync(call, reference, write, cancellationToken).ConfigureAwait(false);
        }
        catch (EcsApiException ex) when (ex.Type == EcsErrorTypes.Client)
        {
            throw new EcsApiException(EcsErrorTypes.ResourceNotFound, "The specified task definition could not be found.");
        }
    }

    private static IReadOnlyList<ResourceTag> RevisionTags(EcsTaskDefinition td, int revision, EcsTaskDefinitionSpec spec) =>
        td.Metadata.Annotations?.ContainsKey(EcsTags.RevisionAnnotation(revision)) == true
            ? EcsTags.Read(td.Metadata.Annotations, EcsTags.RevisionAnnotation(revision))
            : spec.Tags ?? [];

    private static async Task<(EcsTask? Task, FoundTask Found)> TaskAsync(EcsApiCall call, string arn, bool write, CancellationToken cancellationToken)
    {
        var parsed = EcsArns.ParseTask(arn) ?? throw EcsApiException.InvalidParameter("resourceArn is not a valid task ARN.");
        var cluster = EcsClusters.Resolve(parsed.Cluster);
        call.Authorize(cluster, write);
        await EcsClusters.RequireActiveAsync(call, cluster, cancellationToken).ConfigureAwait(false);
        var found = await TaskOperations.FindAsync(call, cluster, parsed.Id, cancellationToken).ConfigureAwait(false)
            ?? throw new EcsApiException(EcsErrorTypes.ResourceNotFound, "The specified task could not be found.");
        return (found.Task, found);
    }

    /// <summary>One annotation by merge patch, with the resourceVersion read as a precondition (a concurrent edit
    /// fails and is retried, never lost); other annotations and every other field are left as they are.</summary>
    private static async Task PatchAnnotationAsync(EcsApiCall call, ResourceType type, string? ns, string name, string? resourceVersion, string annotation,
        IReadOnlyList<ResourceTag> tags, CancellationToken cancellationToken)
    {
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = resourceVersion,
                ["annotations"] = new JsonObject { [annotation] = EcsTags.Write(tags) },
            },
        };
        await call.Client.PatchAsync(type, ns, name, PatchType.Merge, System.Text.Json.JsonSerializer.Serialize(patch, KubeJsonContext.Default.JsonObject), KubeJsonContext.Default.KubeObject,
            fieldManager: call.FieldManager, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
