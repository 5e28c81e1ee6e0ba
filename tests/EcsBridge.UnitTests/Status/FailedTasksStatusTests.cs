using EcsBridge.Api;
using EcsBridge.Api.Services;
using EcsBridge.Core.Status;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.UnitTests.Status;

/// <summary>The status's deployments[].failedTasks from the pods, and the circuit breaker's FAILED verdict by failed
/// tasks beside the progress deadline.</summary>
public sealed class FailedTasksStatusTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_rollout_fails_once_its_failed_tasks_reach_the_threshold()
    {
        // 2 desired: threshold 3. Two crash-looping tasks of web:3 with 2 and 1 restarts.
        var status = Compute(breaker: true, pods: [Crashing("3", 2), Crashing("3", 1)]);

        var primary = Primary(status);
        primary.FailedTasks.ShouldBe(3);
        primary.RolloutState.ShouldBe(RolloutStates.Failed);
        primary.RolloutStateReason!.ShouldContain("3 tasks failed to start (threshold 3");
        status.Conditions!.Single(c => c.Type == ConditionTypes.Degraded).Reason.ShouldBe(ConditionReasons.RolloutFailed);
        status.Conditions!.Single(c => c.Type == ConditionTypes.Ready).Status.ShouldBe("False");
    }

    [Fact]
    public void Below_the_threshold_the_rollout_stays_in_progress_and_reports_its_failed_tasks()
    {
        var status = Compute(breaker: true, pods: [Crashing("3", 1), Crashing("3", 1)]);

        Primary(status).FailedTasks.ShouldBe(2);
        Primary(status).RolloutState.ShouldBe(RolloutStates.InProgress);
    }

    [Fact]
    public void Without_the_circuit_breaker_failed_tasks_are_reported_but_never_fail_the_rollout()
    {
        var status = Compute(breaker: false, pods: [Crashing("3", 9), Crashing("3", 9)]);

        Primary(status).FailedTasks.ShouldBe(18);
        Primary(status).RolloutState.ShouldBe(RolloutStates.InProgress);
    }

    [Fact]
    public void A_revision_that_completed_once_is_no_longer_watched_by_the_breaker()
    {
        var status = Compute(breaker: true, pods: [Crashing("3", 5)], previous: new EcsServiceStatus { LastCompletedTaskDefinition = "web:3" });

        Primary(status).FailedTasks.ShouldBe(5);
        Primary(status).RolloutState.ShouldBe(RolloutStates.InProgress);
    }

    [Fact]
    public void A_failed_deployment_stays_failed_while_primary_even_when_its_pods_start_counting_again()
    {
        var previous = new EcsServiceStatus
        {
            Deployments = [new ServiceDeployment
            {
                Id = "ecs-svc/web-3", Status = DeploymentStatuses.Primary, TaskDefinition = "web:3",
                RolloutState = RolloutStates.Failed, RolloutStateReason = "ECS deployment circuit breaker: 3 tasks failed to start",
            }],
        };

        var status = Compute(breaker: true, pods: [Crashing("3", 0)], previous: previous);

        Primary(status).RolloutState.ShouldBe(RolloutStates.Failed);
        Primary(status).RolloutStateReason.ShouldBe("ECS deployment circuit breaker: 3 tasks failed to start");
        Primary(status).FailedTasks.ShouldBe(0);
    }

    [Fact]
    public void The_older_deployment_reports_the_failures_of_its_own_pods()
    {
        // Rolled back from web:3 to web:2: the failed revision's pods are still going away.
        var previous = new EcsServiceStatus
        {
            Deployments = [new ServiceDeployment { Id = "ecs-svc/web-3", Status = DeploymentStatuses.Primary, TaskDefinition = "web:3", RolloutState = RolloutStates.Failed }],
        };
        var status = Compute(breaker: true, pods: [Crashing("3", 4), Running("2")], previous: previous, taskDefinition: "web:2", updated: 1, total: 2, ready: 1);

        Primary(status).TaskDefinition.ShouldBe("web:2");
        Primary(status).FailedTasks.ShouldBe(0);
        var active = status.Deployments!.Single(d => d.Status == DeploymentStatuses.Active);
        active.TaskDefinition.ShouldBe("web:3");
        active.FailedTasks.ShouldBe(4);
    }

    private static EcsServiceStatus Compute(bool breaker, IReadOnlyList<Pod> pods, EcsServiceStatus? previous = null, string taskDefinition = "web:3",
        int updated = 2, int total = 4, int ready = 2) =>
        ServiceStatusCalculator.Compute(new ServiceStatusInput
        {
            Service = new EcsService
            {
                Metadata = new ObjectMeta { Name = "web", Namespace = "apps", Generation = 1 },
                Spec = new EcsServiceSpec
                {
                    TaskDefinition = "web",
                    DesiredCount = 2,
                    DeploymentConfiguration = new DeploymentConfiguration { DeploymentCircuitBreaker = new DeploymentCircuitBreaker { Enable = breaker, Rollback = true } },
                },
                Status = previous,
            },
            TaskDefinition = taskDefinition,
            Deployment = new Deployment
            {
                Metadata = new ObjectMeta { Name = "web", Namespace = "apps", Generation = 2 },
                Spec = new DeploymentSpec { Replicas = 2, Selector = new LabelSelector(), Template = new PodTemplateSpec() },
                Status = new DeploymentStatus
                {
                    ObservedGeneration = 2, Replicas = total, UpdatedReplicas = updated, ReadyReplicas = ready, AvailableReplicas = ready,
                    Conditions = [new WorkloadCondition { Type = "Progressing", Status = "True", Reason = "ReplicaSetUpdated" }],
                },
            },
            Pods = pods,
            EssentialContainers = new HashSet<string>(StringComparer.Ordinal) { "app" },
            Now = Now,
        });

    private static ServiceDeployment Primary(EcsServiceStatus status) => status.Deployments!.Single(d => d.Status == DeploymentStatuses.Primary);

    private static Pod Crashing(string revision, int restarts) =>
        WithLabels(TaskFailuresTests.MakePod(containers: [TaskFailuresTests.Container("app", restarts, waiting: "CrashLoopBackOff")]), revision, restarts);

    private static Pod Running(string revision) =>
        WithLabels(TaskFailuresTests.MakePod(ready: true, containers: [TaskFailuresTests.Container("app", 0)]), revision, 0);

    private static Pod WithLabels(Pod pod, string revision, int salt) => pod with
    {
        Metadata = new ObjectMeta
        {
            Name = $"web-{revision}-{salt}",
            Namespace = "apps",
            Labels = new Dictionary<string, string>
            {
                ["app.kubernetes.io/name"] = "web", ["ecsbridge.io/service"] = "web", ["app.kubernetes.io/managed-by"] = "ecsbridge",
                ["ecsbridge.io/task-definition"] = "web", ["ecsbridge.io/revision"] = revision,
            },
        },
    };
}
