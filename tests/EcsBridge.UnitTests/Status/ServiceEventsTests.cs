using System.Text.Json;
using System.Text.Json.Nodes;
using EcsBridge.Api;
using EcsBridge.Core.Status;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.UnitTests.Status;

/// <summary>status.status and status.events: one event per transition, in ECS's wording; none without one.</summary>
public sealed class ServiceEventsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_rollout_that_completes_with_every_task_running_says_deployment_completed_then_steady_state()
    {
        var previous = Previous(RolloutStates.InProgress, running: 1);
        var status = Compute(Deployment(updated: 2, available: 2), previous);

        status.Events!.Select(e => e.Message).ShouldBe([
            "(service web) has reached a steady state.",
            "(service web) (deployment ecs-svc/web-3) deployment completed.",
        ]);
        status.Events!.ShouldAllBe(e => e.CreatedAt == Now);
        status.Status.ShouldBe("ACTIVE");
    }

    [Fact]
    public void An_unchanged_steady_service_keeps_its_events_exactly()
    {
        var first = Compute(Deployment(updated: 2, available: 2), Previous(RolloutStates.InProgress, running: 1));
        var again = Compute(Deployment(updated: 2, available: 2), first, Now.AddMinutes(5));

        again.Events.ShouldBe(first.Events);
        // What the status writer compares: the same JSON, so no write.
        JsonNode.DeepEquals(JsonSerializer.SerializeToNode(again, ApiJsonContext.Default.EcsServiceStatus),
            JsonSerializer.SerializeToNode(first, ApiJsonContext.Default.EcsServiceStatus)).ShouldBeTrue();
        again.Events!.Count.ShouldBe(2);
    }

    [Fact]
    public void The_same_transition_at_the_same_time_gets_the_same_event_id_and_another_time_another()
    {
        var previous = Previous(RolloutStates.InProgress, running: 1);
        var a = Compute(Deployment(updated: 2, available: 2), previous);
        var b = Compute(Deployment(updated: 2, available: 2), previous);
        var later = Compute(Deployment(updated: 2, available: 2), previous, Now.AddSeconds(1));

        a.Events!.Select(e => e.Id).ShouldBe(b.Events!.Select(e => e.Id));
        a.Events![0].Id.ShouldNotBe(later.Events![0].Id);
        a.Events![0].Id.ShouldNotBe(a.Events![1].Id);
        a.Events![0].Id.ShouldMatch("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    }

    [Fact]
    public void A_failed_rollout_says_deployment_failed_once()
    {
        var previous = Previous(RolloutStates.InProgress, running: 0);
        var failed = Compute(Deployment(updated: 1, available: 0, deadlineExceeded: true), previous);
        var stillFailed = Compute(Deployment(updated: 1, available: 0, deadlineExceeded: true), failed, Now.AddMinutes(1));

        failed.Events!.Select(e => e.Message).ShouldBe(["(service web) (deployment ecs-svc/web-3) deployment failed: tasks failed to start."]);
        stillFailed.Events.ShouldBe(failed.Events);
    }

    [Fact]
    public void A_rollback_decided_after_the_status_was_computed_adds_rolling_back_after_the_failure()
    {
        var previous = Previous(RolloutStates.InProgress, running: 0);
        var failed = Compute(Deployment(updated: 1, available: 0, deadlineExceeded: true), previous);
        var rollback = new ServiceRollback { FromTaskDefinition = "web:3", ToTaskDefinition = "web:2", Generation = 1, At = Now };

        var rolled = ServiceStatusCalculator.WithEvents(previous, failed with { Rollback = rollback }, "web", null, Now);

        rolled.Events!.Select(e => e.Message).ShouldBe([
            "(service web) rolling back to deployment ecs-svc/web-2.",
            "(service web) (deployment ecs-svc/web-3) deployment failed: tasks failed to start.",
        ]);
        // Computed again from the same statuses: the same list, not a longer one.
        ServiceStatusCalculator.WithEvents(previous, rolled, "web", null, Now).Events.ShouldBe(rolled.Events);
    }

    [Fact]
    public void The_list_keeps_the_ten_newest_events()
    {
        var old = Enumerable.Range(0, 10).Select(i => new ServiceEvent
        {
            Id = $"old-{i}", CreatedAt = Now.AddHours(-1).AddMinutes(-i), Message = $"(service web) old event {i}.",
        }).ToList();
        var previous = Previous(RolloutStates.InProgress, running: 1) with { Events = old };

        var status = Compute(Deployment(updated: 2, available: 2), previous);

        status.Events!.Count.ShouldBe(10);
        status.Events![0].Message.ShouldBe("(service web) has reached a steady state.");
        status.Events![1].Message.ShouldBe("(service web) (deployment ecs-svc/web-3) deployment completed.");
        status.Events!.Skip(2).Select(e => e.Id).ShouldBe(["old-0", "old-1", "old-2", "old-3", "old-4", "old-5", "old-6", "old-7"]);
    }

    [Fact]
    public void A_problem_without_deployments_keeps_the_events_it_had()
    {
        var steady = Compute(Deployment(updated: 2, available: 2), Previous(RolloutStates.InProgress, running: 1));
        var invalid = ServiceStatusCalculator.Compute(new ServiceStatusInput
        {
            Service = Service(steady),
            Problem = new ServiceProblem(ConditionReasons.ChildConflict, "Service apps/web is not ours"),
            Now = Now.AddMinutes(1),
        });

        invalid.Events.ShouldBe(steady.Events);
    }

    [Fact]
    public void A_deleted_service_is_DRAINING_with_everything_else_as_it_was()
    {
        var steady = Compute(Deployment(updated: 2, available: 2), Previous(RolloutStates.InProgress, running: 1));

        var draining = ServiceStatusCalculator.Draining(steady);

        draining.Status.ShouldBe("DRAINING");
        draining.ShouldBe(steady with { Status = "DRAINING" });
        ServiceStatusCalculator.Draining(null).Status.ShouldBe("DRAINING");
    }

    private static EcsServiceStatus Previous(string state, int running) => new()
    {
        Status = ServiceStatuses.Active,
        DesiredCount = 2,
        RunningCount = running,
        PendingCount = 2 - running,
        TaskDefinition = "web:3",
        LastCompletedTaskDefinition = "web:2",
        Deployments = [new ServiceDeployment { Id = "ecs-svc/web-3", Status = DeploymentStatuses.Primary, TaskDefinition = "web:3", RolloutState = state }],
    };

    private static EcsService Service(EcsServiceStatus? previous) => new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = "apps", Generation = 2 },
        Spec = new EcsServiceSpec { TaskDefinition = "web", DesiredCount = 2 },
        Status = previous,
    };

    private static EcsServiceStatus Compute(Deployment deployment, EcsServiceStatus previous, DateTimeOffset? now = null) =>
        ServiceStatusCalculator.Compute(new ServiceStatusInput
        {
            Service = Service(previous),
            TaskDefinition = "web:3",
            Deployment = deployment,
            Now = now ?? Now,
        });

    private static Deployment Deployment(int updated, int available, bool deadlineExceeded = false) => new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = "apps", Generation = 2 },
        Spec = new DeploymentSpec { Replicas = 2, Selector = new LabelSelector(), Template = new PodTemplateSpec() },
        Status = new DeploymentStatus
        {
            ObservedGeneration = 2,
            Replicas = updated,
            UpdatedReplicas = updated,
            ReadyReplicas = available,
            AvailableReplicas = available,
            Conditions = deadlineExceeded
                ? [new WorkloadCondition { Type = "Progressing", Status = "False", Reason = "ProgressDeadlineExceeded", Message = "ReplicaSet \"web-1\" has timed out progressing." }]
                : [new WorkloadCondition { Type = "Progressing", Status = "True", Reason = "NewReplicaSetAvailable" }],
        },
    };
}
