using EcsBridge.Kubernetes.Http;

namespace EcsBridge.EcsApi;

/// <summary>What every operation needs: the API client, ARNs, the field manager it applies with, time, and the
/// authenticated key (checked against each cluster the call touches).</summary>
internal sealed record EcsApiCall(KubeClient Client, EcsArns Arns, string FieldManager, TimeProvider Time, EcsAccessKey Caller, string Operation)
{
    /// <summary>Refuses the call unless the key names <paramref name="cluster"/> (and may write, for a write).</summary>
    public void Authorize(string cluster, bool write)
    {
        if (!Caller.MayUse(cluster) || (write && Caller.ReadOnly))
        {
            throw new EcsApiException(EcsErrorTypes.AccessDenied,
                $"User: {Caller.AccessKeyId} is not authorized to perform: ecs:{Operation} on resource: {Arns.Cluster(cluster)}{(write && Caller.ReadOnly && Caller.MayUse(cluster) ? " (the key is read-only)" : "")}");
        }
    }

    public ApplyOptions Apply(bool force = true) => new() { FieldManager = FieldManager, Force = force };

    public static double Epoch(DateTimeOffset at) => at.ToUnixTimeMilliseconds() / 1000.0;
}
