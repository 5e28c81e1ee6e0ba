using EcsBridge.Api;
using EcsBridge.Core.Status;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.UnitTests.Status;

/// <summary>update-service --force-new-deployment of the same revision is a deployment of its own
/// (<see cref="DeploymentPods"/>): it is PRIMARY under an id with the token's hash, the previous one ACTIVE, and it
/// completes only once the previous deployment's tasks, terminating pods included, are gone.</summary>
public sealed class ForcedDeploymentStatusTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_deployment_id_is_family_and_revision_plus_8_hex_digits_of_the_token_hash()
    {
        DeploymentPods.DeploymentId("web:3", null).ShouldBe("ecs-svc/web-3");
        DeploymentPods.DeploymentId("web:3", "").ShouldBe("ecs-svc/web-3");
        // SHA-256("1700000000000") begins bc99b4bf (sha256sum).
        DeploymentPods.DeploymentId("web:3", "1700000000000").ShouldBe("ecs-svc/web-3-bc99b4bf");
        DeploymentPods.DeploymentId("web:3", "a").ShouldNotBe(DeploymentPods.DeploymentId("web:3", "b"));
    }

    [Fact]
    public void A_pod_belongs_to_the_deployment_of_its_revision_and_force_token()
    {
        DeploymentPods.BelongsTo(Pod("3", token: "t2"), "web", "web:3", "t2").ShouldBeTrue();
        DeploymentPods.BelongsTo(Pod("3", token: null), "web", "web:3", "t2").ShouldBeFalse();
        DeploymentPods.BelongsTo(Pod("3", token: "t1"), "web", "web:3", "t2").ShouldBeFalse();
        DeploymentPods.BelongsTo(Pod("2", token: "t2"), "web", "web:3", "t2").ShouldBeFalse();
        DeploymentPods.BelongsTo(Pod("3", token: null), "web", "web:3", null).ShouldBeTrue();
    }

    [Fact]
    public void A_forced_deployment_whose_old_task_is_still_terminating_is_in_progress_with_the_old_one_ACTIVE()
    {
        var previous = new EcsServiceStatus
        {
            TaskDefinition = "web:3",
            LastCompletedTaskDefinition = "web:3",
            Deployments = [new ServiceDeployment { Id = "ecs-svc/web-3", Status = DeploymentStatuses.Primary, TaskDefinition = "web:3", RolloutState = RolloutStates.Completed }],
        };
        // The Deployment reports the new task alone (a terminating pod is not counted); the old pod is being deleted.
        var status = Compute(previous, "t2", [Pod("3", token: "t2", ready: true), Pod("3", token: null, ready: true, deleting: true)]);

        var primary = status.Deployments!.Single(d => d.Status == DeploymentStatuses.Primary);
        primary.Id.ShouldBe(DeploymentPods.DeploymentId("web:3", "t2"));
        primary.RolloutState.ShouldBe(RolloutStates.InProgress);
        primary.RolloutStateReason!.ShouldContain("waiting for 1 task(s) of the previous deployment to stop (1 stopping)");
        var active = status.Deployments!.Single(d => d.Status == DeploymentStatuses.Active);
        (active.Id, active.TaskDefinition).ShouldBe(("ecs-svc/web-3", "web:3"));
        status.Conditions!.Single(c => c.Type == ConditionTypes.Ready).Status.ShouldBe("False");
        status.Events.ShouldBeNull();
    }

    [Fact]
    public void Once_the_old_task_is_gone_the_forced_deployment_is_the_only_one_and_completed()
    {
        var previous = new EcsServiceStatus
        {
            TaskDefinition = "web:3",
            LastCompletedTaskDefinition = "web:3",
            Deployments =
            [
                new ServiceDeployment { Id = DeploymentPods.DeploymentId("web:3", "t2"), Status = DeploymentStatuses.Primary, TaskDefinition = "web:3", RolloutState = RolloutStates.InProgress },
                new ServiceDeployment { Id = "ecs-svc/web-3", Status = DeploymentStatuses.Active, TaskDefinition = "web:3", RolloutState = RolloutStates.Completed },
            ],
        };
        // A finished pod (evicted, Failed) holds no task.
        var status = Compute(previous, "t2", [Pod("3", token: "t2", ready: true), Pod("3", token: null, phase: "Failed")]);

        var only = status.Deployments!.ShouldHaveSingleItem();
        (only.Id, only.RolloutState).ShouldBe((DeploymentPods.DeploymentId("web:3", "t2"), RolloutStates.Completed));
        status.Events!.Select(e => e.Message).ShouldContain($"(service web) (deployment {DeploymentPods.DeploymentId("web:3", "t2")}) deployment completed.");
    }

    [Fact]
    public void A_rollback_event_names_the_target_deployment_with_the_token_suffix()
    {
        var failed = new EcsServiceStatus
        {
            Deployments = [new ServiceDeployment { Id = DeploymentPods.DeploymentId("web:4", "t2"), Status = DeploymentStatuses.Primary, TaskDefinition = "web:4", RolloutState = RolloutStates.Failed }],
            Rollback = new ServiceRollback { FromTaskDefinition = "web:4", ToTaskDefinition = "web:3", Generation = 2, At = Now },
        };

        var events = ServiceEvents.Next(null, failed, "web", "t2", Now)!.Select(e => e.Message);

        events.ShouldContain($"(service web) rolling back to deployment ecs-svc/web-3-{Hash8("t2")}.");
    }

    private static string Hash8(string token) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)))[..8];

    private static EcsServiceStatus Compute(EcsServiceStatus previous, string token, IReadOnlyList<Pod> pods) =>
        ServiceStatusCalculator.Compute(new ServiceStatusInput
        {
            Service = new EcsService
            {
                Metadata = new ObjectMeta { Name = "web", Namespace = "apps", Generation = 2 },
                Spec = new EcsServiceSpec { TaskDefinition = "web", DesiredCount = 1, ForceNewDeploymentToken = token },
                Status = previous,
            },
            TaskDefinition = "web:3",
            Deployment = new Deployment
            {
                Metadata = new ObjectMeta { Name = "web", Namespace = "apps", Generation = 2 },
                Spec = new DeploymentSpec { Replicas = 1, Selector = new LabelSelector(), Template = new PodTemplateSpec() },
                Status = new DeploymentStatus { ObservedGeneration = 2, Replicas = 1, UpdatedReplicas = 1, ReadyReplicas = 1, AvailableReplicas = 1 },
            },
            Pods = pods,
            Now = Now,
        });

    private static Pod Pod(string revision, string? token, bool ready = false, bool deleting = false, string phase = "Running") => new()
    {
        Metadata = new ObjectMeta
        {
            Name = $"web-{revision}-{token ?? "none"}-{deleting}",
            Namespace = "apps",
            DeletionTimestamp = deleting ? Now : null,
            Labels = new Dictionary<string, string>
            {
                ["app.kubernetes.io/name"] = "web", ["ecsbridge.io/service"] = "web", ["app.kubernetes.io/managed-by"] = "ecsbridge",
                ["ecsbridge.io/task-definition"] = "web", ["ecsbridge.io/revision"] = revision,
            },
            Annotations = token is null ? null : new Dictionary<string, string> { ["ecsbridge.io/force-new-deployment"] = token },
        },
        Status = new PodStatus
        {
            Phase = phase,
            Conditions = ready ? [new WorkloadCondition { Type = "Ready", Status = "True" }] : [],
        },
    };
}
