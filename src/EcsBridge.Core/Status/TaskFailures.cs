using EcsBridge.Core.Build;
using EcsBridge.Core.Validation;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Status;

/// <summary>
/// ECS's deployment circuit breaker counts tasks that failed before they became healthy and fails the deployment once
/// the count reaches a threshold. On Kubernetes a stopped task is a container that terminated (the kubelet restarts it
/// in place, so each restart is one more failed task). Pure and stateless: the count is derived from the pods as they
/// are now, every reconcile, so nothing is remembered between reconciles and a restart of the operator changes nothing.
/// </summary>
public static class TaskFailures
{
    /// <summary>ECS's bounds for the failure threshold.</summary>
    public const int MinimumThreshold = 3;

    public const int MaximumThreshold = 200;

    /// <summary>ECS: 0.5 × desired count, rounded up, at least 3 and at most 200.</summary>
    public static int Threshold(int desiredCount) =>
        Math.Clamp((Math.Max(0, desiredCount) + 1) / 2, MinimumThreshold, MaximumThreshold);

    /// <summary>
    /// Failed tasks of one pod. A pod that is Ready now, or that is being deleted (a stop we asked for: scale-in,
    /// replacement, rollback), counts 0 — ECS resets its consecutive count when a task becomes healthy. Otherwise each
    /// counted container adds its restart count, plus one while it lies terminated (a regular container in any exit;
    /// an init container only with a non-zero exit, since an init container that exits 0 has done its job). A pod
    /// the kubelet gave up on (phase Failed, for example evicted) is at least one failed task.
    /// </summary>
    /// <param name="essentialContainers">The containers whose exit stops an ECS task; null counts every container.</param>
    public static int OfPod(Pod pod, IReadOnlySet<string>? essentialContainers = null)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var status = pod.Status;
        if (status is null || pod.Metadata.DeletionTimestamp is not null || IsReady(status))
        {
            return 0;
        }
        bool Counted(ContainerStatus c) => essentialContainers is null || essentialContainers.Contains(c.Name);
        var failures = 0;
        foreach (var container in (status.ContainerStatuses ?? []).Where(Counted))
        {
            failures += Math.Max(0, container.RestartCount) + (container.State?.Terminated is not null ? 1 : 0);
        }
        foreach (var init in (status.InitContainerStatuses ?? []).Where(Counted))
        {
            failures += Math.Max(0, init.RestartCount) + (init.State?.Terminated is { ExitCode: not 0 } ? 1 : 0);
        }
        return status.Phase == "Failed" ? Math.Max(1, failures) : failures;
    }

    /// <summary>Failed tasks of the deployment that runs <paramref name="taskDefinition"/> (family:revision): the sum
    /// over the service's pods that carry that revision's labels.</summary>
    public static int OfDeployment(IEnumerable<Pod> servicePods, string serviceName, string taskDefinition, IReadOnlySet<string>? essentialContainers = null)
    {
        ArgumentNullException.ThrowIfNull(servicePods);
        if (!TaskDefinitionReference.TryParse(taskDefinition, out var reference) || reference.Revision is not { } revision)
        {
            return 0;
        }
        var labels = Labels.ForObjects(serviceName, reference.Family, revision);
        return servicePods
            .Where(p => SameLabel(p, labels, Labels.Service) && SameLabel(p, labels, Labels.TaskDefinition) && SameLabel(p, labels, Labels.Revision))
            .Sum(p => OfPod(p, essentialContainers));
    }

    private static bool IsReady(PodStatus status) =>
        status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    private static bool SameLabel(Pod pod, IReadOnlyDictionary<string, string> expected, string key) =>
        pod.Metadata.Labels is { } labels && labels.TryGetValue(key, out var value) && expected.TryGetValue(key, out var wanted) && value == wanted;
}
