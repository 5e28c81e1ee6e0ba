using System.Globalization;
using EcsBridge.Api;
using EcsBridge.Api.Tasks;
using EcsBridge.Core.Build;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Status;

/// <summary>
/// An EcsService's stopped tasks (<c>status.stoppedTasks</c>), as ECS keeps a service's stopped tasks describable for
/// about an hour. Pure: the next list is a function of the previous one, the service's pods as the cache holds them
/// and the time, so nothing is remembered outside the status. A pod seen being deleted or finished becomes an entry;
/// an entry whose pod is gone is STOPPED at that moment; STOPPED entries go <c>ttl</c> after they stopped (the
/// reconcile is requeued for then, <see cref="NextExpiry"/>); at most <see cref="Capacity"/>, newest first. A pod
/// deleted while the operator did not see it terminating (it was down) is not listed.
/// </summary>
public static class StoppedServiceTasks
{
    public const int Capacity = 10;

    public static IReadOnlyList<StoppedServiceTask>? Next(IReadOnlyList<StoppedServiceTask>? previous, IReadOnlyList<Pod> servicePods, DateTimeOffset now, TimeSpan ttl)
    {
        ArgumentNullException.ThrowIfNull(servicePods);
        var byName = servicePods.Where(p => p.Metadata.Name is not null).GroupBy(p => p.Metadata.Name!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var entries = new List<StoppedServiceTask>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in previous ?? [])
        {
            known.Add(entry.Task);
            if (entry.LastStatus == TaskStatuses.Stopped)
            {
                entries.Add(entry);
            }
            else if (byName.TryGetValue(entry.Task, out var pod))
            {
                entries.Add(Refresh(entry, pod, now));
            }
            else
            {
                // The pod is gone: the task stopped now (the delete is what enqueued this reconcile).
                entries.Add(entry with
                {
                    LastStatus = TaskStatuses.Stopped,
                    StoppedAt = now,
                    Containers = entry.Containers?.Select(c => c.LastStatus == TaskStatuses.Stopped ? c : c with { LastStatus = TaskStatuses.Stopped }).ToList(),
                });
            }
        }
        foreach (var pod in byName.Values.Where(p => !known.Contains(p.Metadata.Name!) && Stopping(p)))
        {
            var entry = Refresh(New(pod, now), pod, now);
            // A finished pod that lingers (evicted pods stay until collected) is not listed again once it expired.
            if (entry.StoppedAt is not { } stopped || stopped + ttl > now)
            {
                entries.Add(entry);
            }
        }
        var kept = entries
            .Where(e => e.StoppedAt is not { } stopped || stopped + ttl > now)
            .OrderByDescending(e => e.StoppingAt ?? e.StoppedAt)
            .ThenBy(e => e.Task, StringComparer.Ordinal)
            .Take(Capacity)
            .ToList();
        return kept.Count == 0 ? null : kept;
    }

    /// <summary>When the next STOPPED entry expires, if any: the reconcile looks again then.</summary>
    public static DateTimeOffset? NextExpiry(IReadOnlyList<StoppedServiceTask>? entries, TimeSpan ttl) =>
        entries?.Where(e => e.StoppedAt is not null).Select(e => e.StoppedAt!.Value + ttl).DefaultIfEmpty().Min() is { } at && at != default ? at : null;

    /// <summary>ECS's reason for a task the service scheduler stopped.</summary>
    public static string SchedulerReason(string deploymentId) =>
        string.Create(CultureInfo.InvariantCulture, $"Scaling activity initiated by (deployment {deploymentId})");

    /// <summary>When a finished pod finished, from the pod alone (so a lingering one gives the same time every reconcile):
    /// its containers' last exit, else its conditions' last change, else its creation.</summary>
    private static DateTimeOffset? FinishedAt(Pod pod) =>
        (pod.Status?.ContainerStatuses ?? []).Select(c => c.State?.Terminated?.FinishedAt).Where(t => t is not null).Max()
        ?? (pod.Status?.Conditions ?? []).Select(c => c.LastTransitionTime).Where(t => t is not null).Max()
        ?? pod.Metadata.CreationTimestamp;

    private static bool Stopping(Pod pod) => pod.Metadata.DeletionTimestamp is not null || pod.Status?.Phase is "Succeeded" or "Failed";

    private static StoppedServiceTask New(Pod pod, DateTimeOffset now)
    {
        var labels = pod.Metadata.Labels ?? new Dictionary<string, string>();
        var taskDefinition = labels.TryGetValue(Labels.TaskDefinition, out var family) && labels.TryGetValue(Labels.Revision, out var revision)
            ? family + ":" + revision : null;
        var token = pod.Metadata.Annotations?.GetValueOrDefault(Labels.ForceNewDeploymentAnnotation);
        (string Code, string Reason) stop = pod.Metadata.Annotations?.TryGetValue(Labels.StopReasonAnnotation, out var given) == true
            ? (StopCodes.UserInitiated, string.IsNullOrEmpty(given) ? TaskStatusCalculator.StoppedByUserReason : given)
            : pod.Metadata.DeletionTimestamp is null && pod.Status?.Reason == "Evicted"
                ? (StopCodes.TerminationNotice, "Task evicted from its node")
                : pod.Metadata.DeletionTimestamp is null
                    ? (StopCodes.EssentialContainerExited, TaskStatusCalculator.EssentialExitedReason)
                    : (StopCodes.ServiceSchedulerInitiated, SchedulerReason(taskDefinition is null ? "unknown" : DeploymentPods.DeploymentId(taskDefinition, token)));
        return new StoppedServiceTask
        {
            Task = pod.Metadata.Name!,
            TaskDefinition = taskDefinition,
            StartedBy = labels.TryGetValue("pod-template-hash", out var hash) ? "ecs-svc/" + hash : null,
            StopCode = stop.Code,
            StoppedReason = stop.Reason,
            CreatedAt = pod.Metadata.CreationTimestamp,
            StoppingAt = now,
        };
    }

    /// <summary>Containers, start time and (for a finished pod) the stop time, from the pod as it is now.</summary>
    private static StoppedServiceTask Refresh(StoppedServiceTask entry, Pod pod, DateTimeOffset now)
    {
        var described = TaskStatusCalculator.DescribeServicePod(pod, now);
        var finished = pod.Status?.Phase is "Succeeded" or "Failed";
        return entry with
        {
            LastStatus = finished ? TaskStatuses.Stopped : described.LastStatus,
            StartedAt = described.StartedAt ?? entry.StartedAt,
            StoppedAt = finished ? entry.StoppedAt ?? FinishedAt(pod) ?? now : null,
            Containers = described.Containers,
        };
    }
}
