using EcsBridge.Api;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Watch;

namespace EcsBridge.EcsApi;

/// <summary>CreateCluster, DescribeClusters, ListClusters, DeleteCluster on namespaces (see <see cref="EcsClusters"/>).</summary>
internal static class ClusterOperations
{
    public static async Task<ClusterResponse> CreateAsync(EcsApiCall call, CreateClusterRequest request, CancellationToken cancellationToken)
    {
        var name = string.IsNullOrEmpty(request.ClusterName) ? EcsClusters.DefaultCluster : request.ClusterName;
        if (!EcsClusters.IsValidName(name))
        {
            throw EcsApiException.InvalidParameter(
                $"Cluster name '{name}' cannot be a Kubernetes namespace: use up to 63 lower-case letters, digits and hyphens, starting and ending with a letter or digit.");
        }
        call.Authorize(name, write: true);
        EcsTags.Validate(request.Tags);
        var existing = await call.Client.TryGetAsync(ResourceType.Namespaces, null, name, KubeJsonContext.Default.KubeObject, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            // CreateCluster is idempotent in ECS; a namespace the API did not make is never taken over.
            if (!EcsClusters.IsCluster(existing))
            {
                throw EcsApiException.InvalidParameter($"The namespace {name} exists and is not an ECS cluster (it has no {EcsClusters.Label} label); EcsBridge does not take it over.");
            }
            if (existing.Metadata.DeletionTimestamp is not null)
            {
                throw EcsApiException.Client($"The cluster {name} is still being deleted; try again once it is gone.");
            }
            return new ClusterResponse(await DescribeAsync(call, name, existing, cancellationToken).ConfigureAwait(false));
        }
        var created = await call.Client.CreateAsync(ResourceType.Namespaces, null, new KubeObject
        {
            ApiVersion = "v1",
            Kind = "Namespace",
            Metadata = new ObjectMeta
            {
                Name = name,
                Labels = new Dictionary<string, string> { [EcsClusters.Label] = EcsClusters.LabelValue },
                // Tags of a cluster are kept on its namespace (see TagOperations).
                Annotations = request.Tags is { Count: > 0 } tags ? new Dictionary<string, string> { [EcsTags.Annotation] = EcsTags.Write(tags) } : null,
            },
        }, KubeJsonContext.Default.KubeObject, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new ClusterResponse(await DescribeAsync(call, name, created, cancellationToken).ConfigureAwait(false));
    }

    public static async Task<DescribeClustersResponse> DescribeManyAsync(EcsApiCall call, DescribeClustersRequest request, CancellationToken cancellationToken)
    {
        var names = request.Clusters is { Count: > 0 } given ? given : [EcsClusters.DefaultCluster];
        if (names.Count > 100)
        {
            throw EcsApiException.InvalidParameter("clusters can name at most 100 clusters.");
        }
        var clusters = new List<EcsClusterShape>();
        var failures = new List<FailureShape>();
        foreach (var given2 in names)
        {
            string name;
            try
            {
                name = EcsClusters.Resolve(given2);
            }
            catch (EcsApiException)
            {
                failures.Add(new FailureShape(given2, "MISSING"));
                continue;
            }
            call.Authorize(name, write: false);
            var ns = await EcsClusters.FindAsync(call.Client, name, cancellationToken).ConfigureAwait(false);
            if (ns is null)
            {
                failures.Add(new FailureShape(call.Arns.Cluster(name), "MISSING"));
                continue;
            }
            clusters.Add(await DescribeAsync(call, name, ns, cancellationToken).ConfigureAwait(false));
        }
        return new DescribeClustersResponse(clusters, failures);
    }

    public static async Task<ListClustersResponse> ListAsync(EcsApiCall call, ListClustersRequest request, CancellationToken cancellationToken)
    {
        var labelled = await call.Client.ListAllAsync(ResourceType.Namespaces, null, KubeJsonContext.Default.KubeObject,
            new ListOptions { LabelSelector = $"{EcsClusters.Label}={EcsClusters.LabelValue}" }, cancellationToken).ConfigureAwait(false);
        var names = labelled.Items.Where(ns => ns.Metadata.DeletionTimestamp is null).Select(ns => ns.Metadata.Name!)
            .Append(EcsClusters.DefaultCluster).Distinct()
            // A key sees only the clusters it may use.
            .Where(call.Caller.MayUse);
        var (page, next) = EcsPaging.Page(names, n => n, request.NextToken, request.MaxResults);
        return new ListClustersResponse(page.Select(call.Arns.Cluster).ToList(), next);
    }

    public static async Task<ClusterResponse> DeleteAsync(EcsApiCall call, DeleteClusterRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.Cluster))
        {
            throw EcsApiException.InvalidParameter("cluster is required.");
        }
        var name = EcsClusters.Resolve(request.Cluster);
        call.Authorize(name, write: true);
        var ns = await EcsClusters.FindAsync(call.Client, name, cancellationToken).ConfigureAwait(false);
        if (ns is null)
        {
            throw new EcsApiException(EcsErrorTypes.ClusterNotFound, "Cluster not found.");
        }
        if (name == EcsClusters.DefaultCluster)
        {
            throw EcsApiException.Client("The default cluster is the namespace default, which EcsBridge never deletes.");
        }
        var described = await DescribeAsync(call, name, ns, cancellationToken).ConfigureAwait(false);
        if (described.ActiveServicesCount > 0)
        {
            throw new EcsApiException(EcsErrorTypes.ClusterContainsServices, "The Cluster cannot be deleted while Services are active.");
        }
        if (ns.Metadata.DeletionTimestamp is null)
        {
            // The uid precondition: never delete a namespace that replaced the one just checked.
            await call.Client.DeleteAsync(ResourceType.Namespaces, null, name, new DeleteOptions { PreconditionUid = ns.Metadata.Uid }, cancellationToken).ConfigureAwait(false);
        }
        return new ClusterResponse(described with { Status = "INACTIVE" });
    }

    private static async Task<EcsClusterShape> DescribeAsync(EcsApiCall call, string name, KubeObject ns, CancellationToken cancellationToken)
    {
        var services = await call.Client.ListAllAsync(OperatorResources.EcsServices, name, ApiJsonContext.Default.EcsService,
            new ListOptions { SkipUndecodable = true }, cancellationToken).ConfigureAwait(false);
        var active = services.Items.Where(s => s.Metadata.DeletionTimestamp is null).ToList();
        return new EcsClusterShape
        {
            ClusterArn = call.Arns.Cluster(name),
            ClusterName = name,
            Status = ns.Metadata.DeletionTimestamp is null ? "ACTIVE" : "INACTIVE",
            ActiveServicesCount = active.Count,
            RunningTasksCount = services.Items.Sum(s => s.Status?.RunningCount ?? 0),
            PendingTasksCount = services.Items.Sum(s => s.Status?.PendingCount ?? 0),
        };
    }
}
