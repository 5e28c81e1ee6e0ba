using System.Globalization;
using EcsBridge.Api;
using EcsBridge.Core.Status;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.UnitTests.Status;

/// <summary>The status of a LINEAR/CANARY service mid-shift: the new revision is PRIMARY and IN_PROGRESS with a reason
/// naming the step, the old one ACTIVE with the tasks the step left it, and desiredCount stays the service's (the
/// new revision's Deployment runs only its share).</summary>
public sealed class TrafficShiftStatusTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static Deployment Revision(string name, int revision, int replicas, int ready) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "shop", Generation = 1 },
        Spec = new DeploymentSpec
        {
            Replicas = replicas,
            Selector = new LabelSelector(),
            Template = new PodTemplateSpec
            {
                Metadata = new ObjectMeta
                {
                    Labels = new Dictionary<string, string> { ["ecsbridge.io/task-definition"] = "web", ["ecsbridge.io/revision"] = revision.ToString(CultureInfo.InvariantCulture) },
                },
            },
        },
        Status = new DeploymentStatus { ObservedGeneration = 1, Replicas = replicas, UpdatedReplicas = replicas, ReadyReplicas = ready, AvailableReplicas = ready },
    };

    private static EcsServiceStatus Compute(int newReady, ServiceStrategyStatus strategy) => ServiceStatusCalculator.Compute(new ServiceStatusInput
    {
        Service = new EcsService
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = "shop", Generation = 2 },
            Spec = new EcsServiceSpec { TaskDefinition = "web", DesiredCount = 4 },
            Status = new EcsServiceStatus { TaskDefinition = "web:2", LastCompletedTaskDefinition = "web:1" },
        },
        TaskDefinition = "web:2",
        Deployment = Revision("web-web-2", 2, replicas: 1, ready: newReady),
        OtherDeployments = [Revision("web-web-1", 1, replicas: 3, ready: 3)],
        Strategy = strategy,
        Now = Now,
    });

    [Fact]
    public void A_step_in_effect_names_its_share_and_deadline_and_keeps_the_services_desiredCount()
    {
        var status = Compute(1, new ServiceStrategyStatus
        {
            Type = "CANARY", LifecycleStage = "PRODUCTION_TRAFFIC_SHIFT", StepPercent = 25, TrafficPercent = 25, StepDeadline = Now.AddMinutes(5), ProductionWorkload = "web-web-1",
        });

        status.DesiredCount.ShouldBe(4);
        status.RunningCount.ShouldBe(4);
        var primary = status.Deployments!.Single(d => d.Status == DeploymentStatuses.Primary);
        primary.RolloutState.ShouldBe(RolloutStates.InProgress);
        primary.RolloutStateReason.ShouldBe("CANARY step of 25 %: 25 % of production traffic (by ready tasks) on web:2; next step at 2026-12-04T12:05:00Z");
        var active = status.Deployments!.Single(d => d.Status == DeploymentStatuses.Active);
        (active.TaskDefinition, active.DesiredCount, active.RunningCount).ShouldBe(("web:1", 3, 3));
        status.DeploymentStrategy!.StepPercent.ShouldBe(25);
    }

    [Fact]
    public void While_the_steps_tasks_start_the_reason_says_which_step_and_how_far_they_are()
    {
        var status = Compute(0, new ServiceStrategyStatus { Type = "LINEAR", LifecycleStage = "SCALE_UP", StepPercent = 25, TrafficPercent = 0, ProductionWorkload = "web-web-1" });

        var primary = status.Deployments!.Single(d => d.Status == DeploymentStatuses.Primary);
        primary.RolloutStateReason.ShouldBe("LINEAR step of 25 %: 0 % of production traffic (by ready tasks) on web:2 (1 of 1 tasks updated, 0 available)");
        status.DesiredCount.ShouldBe(4);
    }
}
