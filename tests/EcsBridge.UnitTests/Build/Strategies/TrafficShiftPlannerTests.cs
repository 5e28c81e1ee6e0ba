using EcsBridge.Api;
using EcsBridge.Api.Services;
using EcsBridge.Api.TaskDefinitions;
using EcsBridge.Core.Build;
using EcsBridge.Core.Build.Strategies;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.UnitTests.Build.Strategies;

/// <summary>The LINEAR/CANARY step as a pure function of the desired children, the live Deployments (with the state
/// annotations the planner put on them) and the time. Live Deployments are made from the planner's own earlier output
/// plus a status and the scales it asked for, as the cluster would hold them: each reconcile starts from nothing else.</summary>
public sealed class TrafficShiftPlannerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static DesiredState Desired(int revision) => DesiredStateBuilder.Build(new EcsService
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = "shop", Uid = "uid-1" },
            Spec = new EcsServiceSpec { TaskDefinition = "web", DesiredCount = 4, DeploymentConfiguration = new DeploymentConfiguration { Strategy = "CANARY" } },
        },
        new ResolvedTaskDefinition("web", revision, new EcsTaskDefinitionSpec
        {
            ContainerDefinitions = [new ContainerDefinition { Name = "web", Image = "busybox:" + revision, Cpu = 256, Memory = 512, PortMappings = [new PortMapping { ContainerPort = 8080 }] }],
        }), BuildOptions.Default with { OwnerUid = "uid-1" });

    private static TrafficShiftSchedule Canary25 => TrafficShiftSchedule.Canary(new CanaryConfiguration { CanaryPercent = 25, CanaryBakeTimeInMinutes = 5 });

    private static TrafficShiftPlan Plan(int revision, IReadOnlyList<Deployment> live, DateTimeOffset now, TrafficShiftSchedule? schedule = null,
        bool rollingBack = false, int bake = 10, int desiredCount = 4) =>
        TrafficShiftPlanner.Plan(new TrafficShiftInput
        {
            Desired = Desired(revision), ServiceName = "web", Family = "web", Revision = revision, DesiredCount = desiredCount,
            Schedule = schedule ?? Canary25, BakeTimeInMinutes = bake, RollingBack = rollingBack, Live = live, Now = now,
        });

    /// <summary>An applied Deployment as the cluster holds it: its spec.replicas tasks, all ready or none.</summary>
    private static Deployment Live(Deployment applied, DateTimeOffset created, bool ready, string? uid = null)
    {
        var replicas = applied.Spec!.Replicas ?? 1;
        return applied with
        {
            Metadata = applied.Metadata with { CreationTimestamp = created, Generation = 1, Uid = uid ?? applied.Metadata.Name, Namespace = "shop" },
            Status = new DeploymentStatus
            {
                ObservedGeneration = 1, Replicas = replicas, UpdatedReplicas = replicas, ReadyReplicas = ready ? replicas : 0, AvailableReplicas = ready ? replicas : 0,
            },
        };
    }

    /// <summary>The live Deployment after the plan's scale of it, with all its tasks ready.</summary>
    private static Deployment Scaled(Deployment live, TrafficShiftPlan plan) =>
        plan.Desired.Scaled.FirstOrDefault(s => s.Name == live.Metadata.Name) is { } scale
            ? Live(live with { Spec = live.Spec! with { Replicas = scale.Replicas } }, live.Metadata.CreationTimestamp!.Value, ready: true)
            : live;

    private static Deployment FirstRevision() => Live(Plan(1, [], T0).Desired.Deployment!, T0, ready: true);

    [Fact]
    public void The_first_revision_runs_at_desiredCount_in_its_own_Deployment_and_production_selects_the_whole_service()
    {
        var plan = Plan(1, [], T0);

        plan.Desired.Deployment!.Metadata.Name.ShouldBe("web-web-1");
        plan.Desired.Deployment.Spec!.Replicas.ShouldBe(4);
        plan.Desired.Service!.Spec!.Selector!.ContainsKey(Labels.Revision).ShouldBeFalse();
        plan.Desired.TestService!.Metadata.Name.ShouldBe("web-test");
        plan.Desired.TestService.Spec!.Selector![Labels.Revision].ShouldBe("1", "the test Service reaches only the target revision");
        plan.Desired.Hpa.ShouldBeNull();
        plan.Stage.ShouldBeNull();
        plan.TargetTrafficPercent.ShouldBe(100);
        plan.Desired.Scaled.ShouldBeEmpty();
        plan.RequeueAfter.ShouldBeNull();
    }

    [Fact]
    public void CANARY_starts_its_share_beside_the_old_revision_and_shrinks_the_old_one_only_once_the_new_tasks_are_ready()
    {
        var old = FirstRevision();

        var start = Plan(2, [old], T0.AddMinutes(1));
        start.Desired.Deployment!.Metadata.Name.ShouldBe("web-web-2");
        start.Desired.Deployment.Spec!.Replicas.ShouldBe(1);
        start.Desired.Deployment.Metadata.Annotations![TrafficShiftAnnotations.Step].ShouldBe("0");
        start.Desired.Deployment.Metadata.Annotations.ContainsKey(TrafficShiftAnnotations.StepSince).ShouldBeFalse();
        start.Desired.Scaled.ShouldBeEmpty();
        start.Stage.ShouldBe(LifecycleStages.ScaleUp);
        start.TargetTrafficPercent.ShouldBe(0);
        start.StepPercent.ShouldBe(25);
        start.RequeueAfter.ShouldBeNull();

        var canary = Live(start.Desired.Deployment, T0.AddMinutes(1), ready: true);
        var step = Plan(2, [old, canary], T0.AddMinutes(2));
        step.Desired.Scaled.ShouldHaveSingleItem().ShouldBe(new ScaledDeployment("shop", "web-web-1", 3));
        step.Desired.Deployment!.Metadata.Annotations![TrafficShiftAnnotations.StepSince].ShouldBe("2026-12-04T12:02:00Z");
        step.Stage.ShouldBe(LifecycleStages.ProductionTrafficShift);
        step.TargetTrafficPercent.ShouldBe(25);
        (step.TargetTasks, step.PreviousTasks).ShouldBe((1, 3));
        step.StepDeadline.ShouldBe(T0.AddMinutes(7));
        step.RequeueAfter.ShouldBe(TimeSpan.FromMinutes(5));
        step.ProductionWorkload.ShouldBe("web-web-1");
        step.Kept.ShouldHaveSingleItem().Spec!.Replicas.ShouldBe(3);
    }

    [Fact]
    public void A_restart_mid_step_resumes_from_the_annotations_and_the_deadline_moves_on_to_the_next_step()
    {
        var old = FirstRevision();
        var canary = Live(Plan(2, [old], T0).Desired.Deployment!, T0, ready: true);
        var first = Plan(2, [old, canary], T0.AddMinutes(1));
        old = Scaled(old, first);
        canary = Live(first.Desired.Deployment!, T0, ready: true);

        // Another process, later, with only the cluster: the same step, the same deadline, no new scale.
        var again = Plan(2, [old, canary], T0.AddMinutes(3));
        again.Desired.Scaled.ShouldBeEmpty();
        again.StepDeadline.ShouldBe(T0.AddMinutes(6));
        again.RequeueAfter.ShouldBe(TimeSpan.FromMinutes(3));
        again.TargetTrafficPercent.ShouldBe(25);

        // At the deadline: the 100 % step; the old revision keeps its 3 tasks until the 4 new ones are ready.
        var next = Plan(2, [old, canary], T0.AddMinutes(6));
        next.Desired.Deployment!.Spec!.Replicas.ShouldBe(4);
        next.Desired.Deployment.Metadata.Annotations![TrafficShiftAnnotations.Step].ShouldBe("1");
        next.Desired.Scaled.ShouldBeEmpty();
        next.TargetTrafficPercent.ShouldBe(25);
        next.StepPercent.ShouldBe(100);

        var full = Live(next.Desired.Deployment, T0, ready: true);
        var done = Plan(2, [old, full], T0.AddMinutes(7));
        done.ProductionWorkload.ShouldBe("web-web-2");
        done.Desired.Deployment!.Metadata.Annotations![BlueGreenAnnotations.ProductionSince].ShouldBe("2026-12-04T12:07:00Z");
        done.Desired.Deployment.Metadata.Annotations.ContainsKey(TrafficShiftAnnotations.Step).ShouldBeFalse();
        done.Desired.Scaled.ShouldHaveSingleItem().Replicas.ShouldBe(0);
        done.Stage.ShouldBe(LifecycleStages.BakeTime);
        done.TargetTrafficPercent.ShouldBe(100);
        done.BakeDeadline.ShouldBe(T0.AddMinutes(17));
        done.RequeueAfter.ShouldBe(TimeSpan.FromMinutes(10));

        var baked = Plan(2, [Scaled(old, done), Live(done.Desired.Deployment, T0, ready: true)], T0.AddMinutes(17));
        baked.Desired.Retired.ShouldHaveSingleItem().Metadata.Name.ShouldBe("web-web-1");
        baked.Stage.ShouldBe(LifecycleStages.CleanUp);
    }

    [Fact]
    public void LINEAR_walks_its_steps_in_whole_tasks()
    {
        var schedule = TrafficShiftSchedule.Linear(new LinearConfiguration { StepPercent = 30, StepBakeTimeInMinutes = 1 });
        schedule.Percents.ShouldBe([30, 60, 90, 100]);
        var old = FirstRevision();
        var now = T0;
        var live = Live(Plan(2, [old], now, schedule).Desired.Deployment!, T0, ready: true);
        var shares = new List<int>();
        for (var i = 0; i < 12 && !live.Metadata.Annotations!.ContainsKey(BlueGreenAnnotations.ProductionSince); i++)
        {
            now = now.AddSeconds(30);
            var plan = Plan(2, [old, live], now, schedule);
            old = Scaled(old, plan);
            live = Live(plan.Desired.Deployment!, T0, ready: true);
            shares.Add(plan.TargetTrafficPercent);
        }
        // 30 % of 4 is 1 task, 60 % 2, 90 % 4 less the one the old revision keeps: 3.
        shares.Distinct().ShouldBe([25, 50, 75, 100]);
    }

    [Theory]
    [InlineData(4, 25, 1, 3)]
    [InlineData(4, 50, 2, 2)]
    [InlineData(4, 5, 1, 3)]
    [InlineData(1, 5, 1, 1)]
    [InlineData(10, 95, 9, 1)]
    [InlineData(3, 100, 3, 0)]
    public void A_share_is_whole_tasks_with_both_revisions_serving_below_100(int desired, double percent, int target, int previous) =>
        TrafficShiftSchedule.Split(desired, percent).ShouldBe((target, previous));

    [Fact]
    public void A_rollback_mid_step_brings_the_old_revision_back_to_desiredCount_and_deletes_the_new_one_at_once()
    {
        var old = FirstRevision();
        var canary = Live(Plan(2, [old], T0).Desired.Deployment!, T0.AddMinutes(1), ready: true);
        var step = Plan(2, [old, canary], T0.AddMinutes(1));
        old = Scaled(old, step);

        var back = Plan(1, [old, Live(step.Desired.Deployment!, T0.AddMinutes(1), ready: false)], T0.AddMinutes(2), rollingBack: true);

        back.Desired.Deployment!.Metadata.Name.ShouldBe("web-web-1");
        back.Desired.Deployment.Spec!.Replicas.ShouldBe(4);
        back.Desired.Retired.ShouldHaveSingleItem().Metadata.Name.ShouldBe("web-web-2");
        back.Desired.Scaled.ShouldBeEmpty();
        back.TargetTrafficPercent.ShouldBe(100);
    }

    [Fact]
    public void A_rollback_during_the_bake_grows_the_old_revision_back_then_moves_production_without_a_bake()
    {
        var old = FirstRevision();
        var now = T0;
        var live = Live(Plan(2, [old], now).Desired.Deployment!, T0.AddMinutes(1), ready: true);
        for (var i = 0; i < 4; i++)
        {
            now = now.AddMinutes(5);
            var plan = Plan(2, [old, live], now);
            old = Scaled(old, plan);
            live = Live(plan.Desired.Deployment!, T0.AddMinutes(1), ready: true);
        }
        live.Metadata.Annotations!.ContainsKey(BlueGreenAnnotations.ProductionSince).ShouldBeTrue();
        old.Spec!.Replicas.ShouldBe(0);

        var growing = Plan(1, [old, live], now.AddMinutes(1), rollingBack: true);
        growing.Desired.Deployment!.Spec!.Replicas.ShouldBe(4);
        growing.Desired.Retired.ShouldBeEmpty();
        growing.ProductionWorkload.ShouldBe("web-web-2");

        var back = Plan(1, [Live(growing.Desired.Deployment, T0, ready: true), live], now.AddMinutes(2), rollingBack: true);
        back.ProductionWorkload.ShouldBe("web-web-1");
        back.Desired.Retired.ShouldHaveSingleItem().Metadata.Name.ShouldBe("web-web-2");
        back.TargetTrafficPercent.ShouldBe(100);
    }

    [Fact]
    public void A_revision_replaced_mid_shift_is_deleted_and_the_next_one_starts_from_the_first_step()
    {
        var old = FirstRevision();
        var two = Live(Plan(2, [old], T0).Desired.Deployment!, T0.AddMinutes(1), ready: true);
        var step = Plan(2, [old, two], T0.AddMinutes(1));
        old = Scaled(old, step);
        two = Live(step.Desired.Deployment!, T0.AddMinutes(1), ready: true);

        var three = Plan(3, [old, two], T0.AddMinutes(2));

        three.Desired.Deployment!.Metadata.Name.ShouldBe("web-web-3");
        three.Desired.Deployment.Spec!.Replicas.ShouldBe(1);
        three.Desired.Retired.ShouldHaveSingleItem().Metadata.Name.ShouldBe("web-web-2");
        // The old revision keeps serving at its full size until the new revision's first step is ready.
        three.Desired.Scaled.ShouldHaveSingleItem().Replicas.ShouldBe(4);
        three.Stage.ShouldBe(LifecycleStages.ScaleUp);
    }
}
