using System.Text.RegularExpressions;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.EcsApi;

/// <summary>An ECS cluster is a namespace of the same name. The API creates it with the label
/// <see cref="Label"/> and only ever lists or deletes namespaces with that label; <c>default</c> (the cluster of
/// requests that name none, as in ECS) is the namespace <c>default</c>, always there and never deleted.</summary>
internal static partial class EcsClusters
{
    public const string DefaultCluster = "default";
    public const string Label = "ecsbridge.io/cluster";
    public const string LabelValue = "true";

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex NamespaceName();

    /// <summary>The cluster a request names (name or ARN), <c>default</c> when it names none.</summary>
    public static string Resolve(string? cluster)
    {
        if (string.IsNullOrEmpty(cluster))
        {
            return DefaultCluster;
        }
        if (!EcsArns.TryClusterName(cluster, out var name) || !NamespaceName().IsMatch(name))
        {
            // A name that cannot be a namespace cannot be a cluster here.
            throw new EcsApiException(EcsErrorTypes.ClusterNotFound, "Cluster not found.");
        }
        return name;
    }

    public static bool IsValidName(string name) => NamespaceName().IsMatch(name);

    public static bool IsCluster(KubeObject ns) =>
        ns.Metadata.Name == DefaultCluster
        || (ns.Metadata.Labels?.TryGetValue(Label, out var value) == true && value == LabelValue);

    /// <summary>The cluster's namespace when it is an ECS cluster (deleting or not); null otherwise.</summary>
    public static async Task<KubeObject?> FindAsync(KubeClient client, string cluster, CancellationToken cancellationToken)
    {
        var ns = await client.TryGetAsync(ResourceType.Namespaces, null, cluster, KubeJsonContext.Default.KubeObject, cancellationToken: cancellationToken).ConfigureAwait(false);
        return ns is not null && IsCluster(ns) ? ns : null;
    }

    /// <summary>The cluster, which must exist and not be deleting; ClusterNotFoundException otherwise.</summary>
    public static async Task RequireActiveAsync(EcsApiCall call, string cluster, CancellationToken cancellationToken)
    {
        var ns = await FindAsync(call.Client, cluster, cancellationToken).ConfigureAwait(false);
        if (ns is null || ns.Metadata.DeletionTimestamp is not null)
        {
            throw new EcsApiException(EcsErrorTypes.ClusterNotFound, "Cluster not found.");
        }
    }
}
