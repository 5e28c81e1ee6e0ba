using EcsBridge.Api;
using EcsBridge.Core.Status;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Models.Workloads;
using Shouldly;

namespace EcsBridge.UnitTests.Status;

/// <summary>status.stoppedTasks from the previous list, the pods and the time.</summary>
public sealed class StoppedServiceTasksTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Ttl = TimeSpan.FromHours(1);

    [Fact]
    public void A_pod_the_scheduler_deletes_is_ServiceSchedulerInitiated_naming_its_deployment_then_STOPPED_when_gone()
    {
        var stopping = StoppedServiceTasks.Next(null, [Pod("web-a", "3", deleting: true, token: "t1"), Pod("web-b", "3")], Now, Ttl)!.ShouldHaveSingleItem();
        (stopping.Task, stopping.StopCode, stopping.LastStatus).ShouldBe(("web-a", "ServiceSchedulerInitiated", "RUNNING"));
        stopping.StoppedReason.ShouldBe($"Scaling activity initiated by (deployment {DeploymentPods.DeploymentId("web:3", "t1")})");
        (stopping.TaskDefinition, stopping.StartedBy, stopping.StoppingAt, stopping.StoppedAt).ShouldBe(("web:3", "ecs-svc/5f7c9", Now, (DateTimeOffset?)null));

        var later = Now.AddSeconds(20);
        var stopped = StoppedServiceTasks.Next([stopping], [Pod("web-b", "3")], later, Ttl)!.ShouldHaveSingleItem();
        (stopped.LastStatus, stopped.StoppedAt, stopped.StopCode).ShouldBe(("STOPPED", (DateTimeOffset?)later, "ServiceSchedulerInitiated"));
        StoppedServiceTasks.NextExpiry([stopped], Ttl).ShouldBe(later + Ttl);

        // Unchanged inputs give the same list (no status write); the TTL removes it.
        StoppedServiceTasks.Next([stopped], [Pod("web-b", "3")], later.AddMinutes(5), Ttl).ShouldBe([stopped]);
        StoppedServiceTasks.Next([stopped], [Pod("web-b", "3")], later + Ttl, Ttl).ShouldBeNull();
    }

    [Fact]
    public void A_pod_stop_task_marked_is_UserInitiated_with_the_given_reason()
    {
        var entry = StoppedServiceTasks.Next(null, [Pod("web-a", "3", deleting: true, stopReason: "rotate")], Now, Ttl)!.ShouldHaveSingleItem();
        (entry.StopCode, entry.StoppedReason).ShouldBe(("UserInitiated", "rotate"));
        StoppedServiceTasks.Next(null, [Pod("web-a", "3", deleting: true, stopReason: "")], Now, Ttl)!.Single().StoppedReason.ShouldBe("Task stopped by user");
    }

    [Fact]
    public void At_most_10_are_kept_newest_first()
    {
        var previous = Enumerable.Range(0, 10).Select(i => new StoppedServiceTask
        {
            Task = $"old-{i}", LastStatus = "STOPPED", StoppingAt = Now.AddMinutes(-30 + i), StoppedAt = Now.AddMinutes(-29 + i),
        }).ToList();

        var next = StoppedServiceTasks.Next(previous, [Pod("web-new", "3", deleting: true)], Now, Ttl)!;

        next.Count.ShouldBe(10);
        next[0].Task.ShouldBe("web-new");
        next.Select(e => e.Task).ShouldNotContain("old-0");
    }

    [Fact]
    public void An_evicted_pod_that_lingers_is_listed_once_and_not_again_after_it_expired()
    {
        var evicted = Pod("web-e", "3", phase: "Failed", reason: "Evicted");
        var entry = StoppedServiceTasks.Next(null, [evicted], Now, Ttl)!.ShouldHaveSingleItem();
        (entry.StopCode, entry.LastStatus).ShouldBe(("TerminationNotice", "STOPPED"));

        StoppedServiceTasks.Next(null, [evicted], entry.StoppedAt!.Value + Ttl, Ttl).ShouldBeNull();
    }

    private static Pod Pod(string name, string revision, bool deleting = false, string? token = null, string? stopReason = null, string phase = "Running", string? reason = null)
    {
        var annotations = new Dictionary<string, string>();
        if (token is not null)
        {
            annotations["ecsbridge.io/force-new-deployment"] = token;
        }
        if (stopReason is not null)
        {
            annotations["ecsbridge.io/stop-reason"] = stopReason;
        }
        return new Pod
        {
            Metadata = new ObjectMeta
            {
                Name = name,
                Namespace = "apps",
                CreationTimestamp = Now.AddMinutes(-10),
                DeletionTimestamp = deleting ? Now.AddSeconds(30) : null,
                Labels = new Dictionary<string, string>
                {
                    ["ecsbridge.io/service"] = "web", ["app.kubernetes.io/managed-by"] = "ecsbridge",
                    ["ecsbridge.io/task-definition"] = "web", ["ecsbridge.io/revision"] = revision, ["pod-template-hash"] = "5f7c9",
                },
                Annotations = annotations.Count == 0 ? null : annotations,
            },
            Status = new PodStatus
            {
                Phase = phase,
                Reason = reason,
                Conditions = [new WorkloadCondition { Type = "Ready", Status = phase == "Running" ? "True" : "False", LastTransitionTime = Now.AddMinutes(-9) }],
                ContainerStatuses = phase == "Running"
                    ? [new ContainerStatus { Name = "app", State = new ContainerState { Running = new ContainerStateRunning { StartedAt = Now.AddMinutes(-9) } } }]
                    : [],
            },
        };
    }
}
