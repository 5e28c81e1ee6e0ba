using System.Security.Cryptography;
using System.Text;
using EcsBridge.Core.Build;
using EcsBridge.Core.Validation;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Status;

/// <summary>
/// Which ECS deployment a service's pod belongs to. A deployment is a task definition revision together with the
/// service's forceNewDeploymentToken: `update-service --force-new-deployment` of the same revision is a new ECS
/// deployment with its own id, and the tasks of the previous one are old tasks until they are gone. Pure.
/// </summary>
public static class DeploymentPods
{
    /// <summary><c>ecs-svc/&lt;family&gt;-&lt;revision&gt;</c>, plus <c>-</c> and the first 8 hex digits of the
    /// SHA-256 of the force token when the service has one, so each forced deployment has an id of its own.</summary>
    public static string DeploymentId(string taskDefinition, string? forceToken)
    {
        ArgumentNullException.ThrowIfNull(taskDefinition);
        var id = "ecs-svc/" + taskDefinition.Replace(':', '-');
        return string.IsNullOrEmpty(forceToken) ? id : id + "-" + TokenHash(forceToken);
    }

    /// <summary>True when the pod runs <paramref name="taskDefinition"/> (family:revision, by its labels) with the
    /// force token <paramref name="forceToken"/> (its pod template annotation; none equals none).</summary>
    public static bool BelongsTo(Pod pod, string serviceName, string taskDefinition, string? forceToken)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (!TaskDefinitionReference.TryParse(taskDefinition, out var reference) || reference.Revision is not { } revision)
        {
            return false;
        }
        var expected = Labels.ForObjects(serviceName, reference.Family, revision);
        var labels = pod.Metadata.Labels;
        if (labels is null || !Same(labels, expected, Labels.TaskDefinition) || !Same(labels, expected, Labels.Revision))
        {
            return false;
        }
        var token = pod.Metadata.Annotations?.GetValueOrDefault(Labels.ForceNewDeploymentAnnotation);
        return string.Equals(NullIfEmpty(token), NullIfEmpty(forceToken), StringComparison.Ordinal);
    }

    /// <summary>The pods of earlier deployments that still hold a task: running, starting or being stopped (a pod
    /// with a deletion timestamp still runs its containers until they exit). Pods that finished (Succeeded, Failed:
    /// evicted) hold none and do not count.</summary>
    public static int OldTasks(IEnumerable<Pod> servicePods, string serviceName, string taskDefinition, string? forceToken)
    {
        ArgumentNullException.ThrowIfNull(servicePods);
        return servicePods.Count(p => !Finished(p) && !BelongsTo(p, serviceName, taskDefinition, forceToken));
    }

    /// <summary>How many of <see cref="OldTasks"/> are being stopped (deleted, still terminating).</summary>
    public static int Stopping(IEnumerable<Pod> servicePods, string serviceName, string taskDefinition, string? forceToken)
    {
        ArgumentNullException.ThrowIfNull(servicePods);
        return servicePods.Count(p => !Finished(p) && p.Metadata.DeletionTimestamp is not null && !BelongsTo(p, serviceName, taskDefinition, forceToken));
    }

    private static bool Finished(Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    private static string TokenHash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)).AsSpan(0, 4));

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static bool Same(IReadOnlyDictionary<string, string> labels, IReadOnlyDictionary<string, string> expected, string key) =>
        labels.TryGetValue(key, out var value) && expected.TryGetValue(key, out var wanted) && value == wanted;
}
