using EcsBridge.Api;
using EcsBridge.Core.Status;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.UnitTests.Status;

/// <summary>The status of a BLUE_GREEN service: the new revision is PRIMARY and stays IN_PROGRESS while the old one
/// still runs (bake, clean-up), the old one is ACTIVE with its own counts, and the stage is passed through.</summary>
public sealed class BlueGreenStatusTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private static Deployment Revision(string name, int revision, int ready) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "shop", Generation = 1 },
        Spec = new DeploymentSpec
        {
            Replicas = 2,
            Selector = new LabelSelector(),
            Template = new PodTemplateSpec
            {
                Metadata = new ObjectMeta
                {
                    Labels = new Dictionary<string, string> { ["ecsbridge.io/task-definition"] = "web", ["ecsbridge.io/revision"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                },
            },
        },
        Status = new DeploymentStatus { ObservedGeneration = 1, Replicas = 2, UpdatedReplicas = 2, ReadyReplicas = ready, AvailableReplicas = ready },
    };

    private static EcsServiceStatus Compute(IReadOnlyList<Deployment> others, ServiceStrategyStatus strategy) => ServiceStatusCalculator.Compute(new ServiceStatusInput
    {
        Service = new EcsService
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = "shop", Generation = 2 },
            Spec = new EcsServiceSpec { TaskDefinition = "web", DesiredCount = 2 },
            Status = new EcsServiceStatus { TaskDefinition = "web:3", LastCompletedTaskDefinition = "web:2" },
        },
        TaskDefinition = "web:3",
        Deployment = Revision("web-web-3", 3, ready: 2),
        OtherDeployments = others,
        Strategy = strategy,
        Now = Now,
    });

    [Fact]
    public void During_the_bake_green_is_PRIMARY_and_IN_PROGRESS_and_blue_is_ACTIVE_with_its_own_tasks()
    {
        var deadline = Now.AddMinutes(10);
        var status = Compute([Revision("web-web-2", 2, ready: 2)],
            new ServiceStrategyStatus { Type = "BLUE_GREEN", LifecycleStage = "BAKE_TIME", TrafficPercent = 100, BakeDeadline = deadline, ProductionWorkload = "web-web-3" });

        var primary = status.Deployments!.Single(d => d.Status == DeploymentStatuses.Primary);
        primary.TaskDefinition.ShouldBe("web:3");
        primary.RolloutState.ShouldBe(RolloutStates.InProgress);
        primary.RolloutStateReason!.ShouldContain("BAKE_TIME");
        primary.RolloutStateReason!.ShouldContain("2026-12-03T12:10:00Z");
        var active = status.Deployments!.Single(d => d.Status == DeploymentStatuses.Active);
        active.TaskDefinition.ShouldBe("web:2");
        active.RunningCount.ShouldBe(2);
        status.RunningCount.ShouldBe(4);
        status.LastCompletedTaskDefinition.ShouldBe("web:2", "the new revision completes only when the old one is gone");
        status.DeploymentStrategy!.LifecycleStage.ShouldBe("BAKE_TIME");
        status.DeploymentStrategy.BakeDeadline.ShouldBe(deadline);
    }

    [Fact]
    public void Once_blue_is_gone_green_is_COMPLETED_alone()
    {
        var status = Compute([], new ServiceStrategyStatus { Type = "BLUE_GREEN", TrafficPercent = 100, ProductionWorkload = "web-web-3" });

        status.Deployments!.ShouldHaveSingleItem().RolloutState.ShouldBe(RolloutStates.Completed);
        status.LastCompletedTaskDefinition.ShouldBe("web:3");
        status.RunningCount.ShouldBe(2);
    }
}
