using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Build.Strategies;

/// <summary>A service switched from BLUE_GREEN back to ROLLING: the per-revision Deployments keep serving (the
/// production Service of ROLLING selects every task of the service) until the service-named Deployment is fully
/// ready, then they go. Pure.</summary>
public static class RollingLeftovers
{
    public static IReadOnlyList<Deployment> Retire(string serviceName, IReadOnlyList<Deployment> live)
    {
        ArgumentNullException.ThrowIfNull(live);
        var rolling = live.FirstOrDefault(d => d.Metadata.Name == serviceName);
        if (rolling is null || !BlueGreenPlanner.IsFullyReady(rolling, rolling.Spec?.Replicas ?? 1))
        {
            return [];
        }
        return [.. live.Where(d => d.Metadata.Name != serviceName && d.Metadata.DeletionTimestamp is null)];
    }
}
