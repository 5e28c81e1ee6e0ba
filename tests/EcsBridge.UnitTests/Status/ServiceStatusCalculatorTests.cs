using EcsBridge.Api;
using EcsBridge.Core.Status;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.UnitTests.Status;

/// <summary>The rollout state of the PRIMARY deployment, read from the Deployment the reconcile observed.</summary>
public sealed class ServiceStatusCalculatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_progress_deadline_the_controller_reported_for_the_current_spec_is_a_failed_rollout()
    {
        var status = Compute(Deployment(generation: 4, observedGeneration: 4, deadlineExceeded: true, updated: 1, available: 0));

        Primary(status).RolloutState.ShouldBe(RolloutStates.Failed);
    }

    [Fact]
    public void A_progress_deadline_left_from_the_previous_spec_does_not_fail_the_new_rollout()
    {
        // Just applied a new template (generation 5): the status still describes generation 4's failed rollout.
        var status = Compute(Deployment(generation: 5, observedGeneration: 4, deadlineExceeded: true, updated: 1, available: 0));

        Primary(status).RolloutState.ShouldBe(RolloutStates.InProgress);
    }

    [Fact]
    public void An_observed_rollout_with_every_task_updated_and_available_is_completed()
    {
        var status = Compute(Deployment(generation: 2, observedGeneration: 2, deadlineExceeded: false, updated: 2, available: 2));

        Primary(status).RolloutState.ShouldBe(RolloutStates.Completed);
        status.LastCompletedTaskDefinition.ShouldBe("web:3");
    }

    [Fact]
    public void The_same_counts_before_the_controller_observed_the_spec_are_still_in_progress()
    {
        var status = Compute(Deployment(generation: 3, observedGeneration: 2, deadlineExceeded: false, updated: 2, available: 2));

        Primary(status).RolloutState.ShouldBe(RolloutStates.InProgress);
        status.LastCompletedTaskDefinition.ShouldBeNull();
    }

    [Fact]
    public void A_child_conflict_is_Ready_False_with_reason_ChildConflict_and_the_message_naming_the_object()
    {
        var message = "Service apps/web exists and is not controlled by EcsService web (it was not created by EcsBridge); delete it";
        var status = ServiceStatusCalculator.Compute(new ServiceStatusInput
        {
            Service = new EcsService
            {
                Metadata = new ObjectMeta { Name = "web", Namespace = "apps", Generation = 1 },
                Spec = new EcsServiceSpec { TaskDefinition = "web", DesiredCount = 2 },
            },
            TaskDefinition = "web:3",
            Problem = new ServiceProblem(ConditionReasons.ChildConflict, message),
            Now = Now,
        });

        var ready = status.Conditions!.Single(c => c.Type == ConditionTypes.Ready);
        ready.Status.ShouldBe("False");
        ready.Reason.ShouldBe("ChildConflict");
        ready.Message.ShouldBe(message);
        status.Conditions!.Single(c => c.Type == ConditionTypes.Degraded).Status.ShouldBe("True");
        status.Conditions!.Single(c => c.Type == ConditionTypes.Progressing).Status.ShouldBe("False");
    }

    [Fact]
    public void A_new_task_definition_not_yet_observed_is_PRIMARY_with_no_task_and_the_old_tasks_are_ACTIVE()
    {
        // web:3 was applied a moment ago; the Deployment's status still counts web:2's two tasks as updated.
        var previous = Status("web:2", lastCompleted: "web:2", new ServiceDeployment { Id = "ecs-svc/web-2", Status = DeploymentStatuses.Primary, TaskDefinition = "web:2", RolloutState = RolloutStates.Completed });
        var status = Compute(Deployment(generation: 3, observedGeneration: 2, deadlineExceeded: false, updated: 2, available: 2), previous);

        var primary = Primary(status);
        (primary.TaskDefinition, primary.RunningCount, primary.PendingCount).ShouldBe(("web:3", 0, 0));
        var active = status.Deployments!.Single(d => d.Status == DeploymentStatuses.Active);
        (active.TaskDefinition, active.RunningCount, active.DesiredCount, active.RolloutState).ShouldBe(("web:2", 2, 0, RolloutStates.Completed));
    }

    [Fact]
    public void Older_tasks_are_ACTIVE_under_the_last_completed_revision_when_the_previous_status_named_only_the_new_one()
    {
        // An earlier status listed web:3 alone; the controller now counts 1 updated of 3 tasks.
        var previous = Status("web:3", lastCompleted: "web:2", new ServiceDeployment { Id = "ecs-svc/web-3", Status = DeploymentStatuses.Primary, TaskDefinition = "web:3", RolloutState = RolloutStates.InProgress });
        var counted = Deployment(generation: 3, observedGeneration: 3, deadlineExceeded: false, updated: 1, available: 1);
        var deployment = counted with { Status = counted.Status! with { Replicas = 3, ReadyReplicas = 3 } };
        var status = Compute(deployment, previous);

        Primary(status).RunningCount.ShouldBe(1);
        var active = status.Deployments!.Single(d => d.Status == DeploymentStatuses.Active);
        (active.TaskDefinition, active.RunningCount, active.PendingCount).ShouldBe(("web:2", 2, 0));
    }

    private static EcsServiceStatus Status(string taskDefinition, string lastCompleted, params ServiceDeployment[] deployments) => new()
    {
        TaskDefinition = taskDefinition,
        LastCompletedTaskDefinition = lastCompleted,
        Deployments = deployments,
    };

    private static EcsServiceStatus Compute(Deployment deployment, EcsServiceStatus previous) => ServiceStatusCalculator.Compute(new ServiceStatusInput
    {
        Service = new EcsService
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = "apps", Generation = 1 },
            Spec = new EcsServiceSpec { TaskDefinition = "web", DesiredCount = 2 },
            Status = previous,
        },
        TaskDefinition = "web:3",
        Deployment = deployment,
        Now = Now,
    });

    private static EcsServiceStatus Compute(Deployment deployment) => ServiceStatusCalculator.Compute(new ServiceStatusInput
    {
        Service = new EcsService
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = "apps", Generation = 1 },
            Spec = new EcsServiceSpec { TaskDefinition = "web", DesiredCount = 2 },
        },
        TaskDefinition = "web:3",
        Deployment = deployment,
        Now = Now,
    });

    private static ServiceDeployment Primary(EcsServiceStatus status) =>
        status.Deployments!.Single(d => d.Status == DeploymentStatuses.Primary);

    private static Deployment Deployment(long generation, long observedGeneration, bool deadlineExceeded, int updated, int available) => new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = "apps", Generation = generation },
        Spec = new DeploymentSpec { Replicas = 2, Selector = new LabelSelector(), Template = new PodTemplateSpec() },
        Status = new DeploymentStatus
        {
            ObservedGeneration = observedGeneration,
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
