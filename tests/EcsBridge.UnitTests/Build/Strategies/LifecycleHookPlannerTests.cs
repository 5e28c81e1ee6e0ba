using EcsBridge.Api;
using EcsBridge.Api.Services;
using EcsBridge.Api.TaskDefinitions;
using EcsBridge.Core.Build;
using EcsBridge.Core.Build.Strategies;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.UnitTests.Build.Strategies;

/// <summary>The Kubernetes-native lifecycle hooks as a pure function of where a deployment stands and the hook tasks
/// the cluster holds, and how the blue/green and traffic-shift planners honour what they hold.</summary>
public sealed class LifecycleHookPlannerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static DeploymentLifecycleHook Hook(string taskDefinition, params string[] stages) =>
        new() { TaskDefinition = taskDefinition, LifecycleStages = stages };

    private static Deployment Green(bool ready = false) => new()
    {
        Metadata = new ObjectMeta { Name = "web-web-2", Namespace = "shop", Uid = "green-uid", CreationTimestamp = T0, Generation = 1 },
        Spec = new DeploymentSpec { Replicas = 2, Selector = new LabelSelector(), Template = new PodTemplateSpec() },
        Status = new DeploymentStatus { ObservedGeneration = 1, Replicas = 2, UpdatedReplicas = 2, ReadyReplicas = ready ? 2 : 0, AvailableReplicas = ready ? 2 : 0 },
    };

    /// <summary>A hook task as the cluster holds it: controlled by <paramref name="owner"/>, with a verdict or none.</summary>
    private static EcsTask Task(string name, string? verdict = null, string owner = "green-uid", DateTimeOffset? created = null) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = name, Namespace = "shop", CreationTimestamp = created ?? T0,
            OwnerReferences = [new OwnerReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web-web-2", Uid = owner, Controller = true }],
        },
        Spec = new EcsTaskSpec { TaskDefinition = "smoke" },
        Status = verdict is null ? null : new EcsTaskStatus
        {
            StoppedReason = verdict == ConditionTypes.Failed ? "Essential container in task exited" : null,
            Conditions = [new Condition { Type = verdict, Status = ConditionTypes.True, Reason = verdict }],
        },
    };

    private static LifecycleHookVerdict Decide(IReadOnlyList<DeploymentLifecycleHook> hooks, Deployment? target, IReadOnlyList<EcsTask> tasks,
        string strategy = DeploymentStrategies.BlueGreen, bool switched = false, bool hasPrevious = true, bool rollingBack = false, DateTimeOffset? now = null) =>
        LifecycleHookPlanner.Decide(new LifecycleHookInput
        {
            Hooks = hooks, Strategy = strategy, ServiceName = "web", Target = target, Switched = switched,
            TargetReady = BlueGreenPlanner.IsFullyReady(target, 2), HasPrevious = hasPrevious, RollingBack = rollingBack,
            FindTask = name => tasks.FirstOrDefault(t => t.Metadata.Name == name), Now = now ?? T0.AddMinutes(1),
        });

    [Fact]
    public void Nothing_holds_without_a_task_hook_for_the_first_revision_or_during_a_rollback()
    {
        var lambda = new DeploymentLifecycleHook { HookTargetArn = "arn:aws:lambda:us-east-1:1:function:f", LifecycleStages = ["PRE_SCALE_UP"] };
        Decide([lambda], null, []).ShouldBe(LifecycleHookVerdict.Open);
        Decide([Hook("smoke", "PRE_SCALE_UP")], null, [], hasPrevious: false).ShouldBe(LifecycleHookVerdict.Open);
        Decide([Hook("smoke", "PRE_SCALE_UP")], Green(), [], rollingBack: true).ShouldBe(LifecycleHookVerdict.Open);
    }

    [Fact]
    public void A_PRE_SCALE_UP_hook_holds_the_new_revision_at_zero_until_its_task_owned_by_that_revision_succeeds()
    {
        var hooks = new[] { Hook("smoke:3", "PRE_SCALE_UP") };

        // Before the Deployment exists there is no owner for the task: hold, start nothing yet.
        var before = Decide(hooks, null, []);
        before.HoldScaleUp.ShouldBeTrue();
        before.HoldProductionTraffic.ShouldBeTrue();
        before.WaitingStage.ShouldBe("PRE_SCALE_UP");
        before.Start.ShouldBeEmpty();

        var started = Decide(hooks, Green(), []);
        var task = started.Start.ShouldHaveSingleItem();
        task.Metadata.Name.ShouldBe("web-web-2-pre-scale-up-0");
        task.Metadata.Namespace.ShouldBe("shop");
        task.Spec.TaskDefinition.ShouldBe("smoke:3");
        task.Spec.StartedBy.ShouldBe("ecsbridge-lifecycle-hook/PRE_SCALE_UP");
        var owner = task.Metadata.OwnerReferences.ShouldHaveSingleItem();
        (owner.Kind, owner.Name, owner.Uid, owner.Controller).ShouldBe(("Deployment", "web-web-2", "green-uid", (bool?)true));
        started.HoldScaleUp.ShouldBeTrue();
        started.Runs.ShouldHaveSingleItem().Status.ShouldBe("IN_PROGRESS");
        started.Runs[0].ExpiresAt.ShouldBeNull();

        var running = Decide(hooks, Green(), [Task("web-web-2-pre-scale-up-0")]);
        running.Start.ShouldBeEmpty();
        running.HoldScaleUp.ShouldBeTrue();
        running.Runs[0].ExpiresAt.ShouldBe(T0.AddMinutes(1440));
        running.NextExpiry.ShouldBe(T0.AddMinutes(1440));

        var passed = Decide(hooks, Green(), [Task("web-web-2-pre-scale-up-0", ConditionTypes.Succeeded)]);
        passed.HoldScaleUp.ShouldBeFalse();
        passed.HoldProductionTraffic.ShouldBeFalse();
        passed.WaitingStage.ShouldBeNull();
        passed.Runs[0].Status.ShouldBe("SUCCEEDED");
    }

    [Fact]
    public void Hooks_before_the_switch_start_once_green_is_ready_and_run_stage_after_stage()
    {
        var hooks = new[] { Hook("probe", "POST_TEST_TRAFFIC_SHIFT"), Hook("warm", "POST_SCALE_UP") };

        var scaling = Decide(hooks, Green(ready: false), []);
        scaling.Start.ShouldBeEmpty();
        scaling.HoldProductionTraffic.ShouldBeTrue();
        scaling.WaitingStage.ShouldBeNull("green still scales up: SCALE_UP is the stage");

        var first = Decide(hooks, Green(ready: true), []);
        first.Start.ShouldHaveSingleItem().Metadata.Name.ShouldBe("web-web-2-post-scale-up-1");
        first.WaitingStage.ShouldBe("POST_SCALE_UP");

        var second = Decide(hooks, Green(ready: true), [Task("web-web-2-post-scale-up-1", ConditionTypes.Succeeded)]);
        second.Start.ShouldHaveSingleItem().Metadata.Name.ShouldBe("web-web-2-post-test-traffic-shift-0");
        second.WaitingStage.ShouldBe("POST_TEST_TRAFFIC_SHIFT");
        second.HoldProductionTraffic.ShouldBeTrue();
        second.Runs.Select(r => (r.LifecycleStage, r.Status)).ShouldBe([("POST_SCALE_UP", "SUCCEEDED"), ("POST_TEST_TRAFFIC_SHIFT", "IN_PROGRESS")]);

        var done = Decide(hooks, Green(ready: true),
            [Task("web-web-2-post-scale-up-1", ConditionTypes.Succeeded), Task("web-web-2-post-test-traffic-shift-0", ConditionTypes.Succeeded)]);
        done.HoldProductionTraffic.ShouldBeFalse();
        done.Failure.ShouldBeNull();
    }

    [Fact]
    public void A_failed_hook_task_fails_the_deployment_and_keeps_holding()
    {
        var verdict = Decide([Hook("probe", "POST_TEST_TRAFFIC_SHIFT")], Green(ready: true), [Task("web-web-2-post-test-traffic-shift-0", ConditionTypes.Failed)]);

        verdict.HoldProductionTraffic.ShouldBeTrue();
        verdict.Failure.ShouldBe("lifecycle hook probe at POST_TEST_TRAFFIC_SHIFT failed: Essential container in task exited");
        verdict.Runs.ShouldHaveSingleItem().Status.ShouldBe("FAILED");
    }

    [Fact]
    public void A_hook_that_outlives_its_timeout_rolls_back_unless_its_action_is_CONTINUE()
    {
        var task = Task("web-web-2-post-scale-up-0", created: T0);
        var rollback = new DeploymentLifecycleHook
        {
            TaskDefinition = "probe", LifecycleStages = ["POST_SCALE_UP"], TimeoutConfiguration = new DeploymentLifecycleHookTimeout { TimeoutInMinutes = 5 },
        };
        var proceed = rollback with { TimeoutConfiguration = new DeploymentLifecycleHookTimeout { TimeoutInMinutes = 5, Action = "CONTINUE" } };

        Decide([rollback], Green(ready: true), [task], now: T0.AddMinutes(4)).Failure.ShouldBeNull();
        var timedOut = Decide([rollback], Green(ready: true), [task], now: T0.AddMinutes(5));
        timedOut.Failure.ShouldBe("lifecycle hook probe at POST_SCALE_UP timed out: the task did not succeed within 5 minute(s); action ROLLBACK");
        timedOut.Runs[0].Status.ShouldBe("TIMED_OUT");

        var continued = Decide([proceed], Green(ready: true), [task], now: T0.AddMinutes(5));
        continued.Failure.ShouldBeNull();
        continued.HoldProductionTraffic.ShouldBeFalse();
        continued.Runs[0].Status.ShouldBe("TIMED_OUT");
    }

    [Fact]
    public void An_EcsTask_in_the_hook_tasks_place_that_the_revision_does_not_control_is_never_used_or_overwritten()
    {
        var verdict = Decide([Hook("probe", "POST_SCALE_UP")], Green(ready: true), [Task("web-web-2-post-scale-up-0", ConditionTypes.Succeeded, owner: "someone-else")]);

        verdict.Start.ShouldBeEmpty();
        verdict.HoldProductionTraffic.ShouldBeTrue();
        verdict.Failure.ShouldNotBeNull().ShouldContain("does not control");
    }

    [Fact]
    public void A_POST_PRODUCTION_TRAFFIC_SHIFT_hook_holds_the_clean_up_from_before_the_switch_until_its_task_succeeds()
    {
        var hooks = new[] { Hook("verify", "POST_PRODUCTION_TRAFFIC_SHIFT") };

        var before = Decide(hooks, Green(ready: true), []);
        before.HoldProductionTraffic.ShouldBeFalse();
        before.HoldCleanUp.ShouldBeTrue("the reconcile that switches must not retire blue yet");
        before.Start.ShouldBeEmpty();

        var after = Decide(hooks, Green(ready: true), [], switched: true);
        after.Start.ShouldHaveSingleItem().Metadata.Name.ShouldBe("web-web-2-post-production-traffic-shift-0");
        after.WaitingStage.ShouldBe("POST_PRODUCTION_TRAFFIC_SHIFT");
        after.HoldCleanUp.ShouldBeTrue();

        Decide(hooks, Green(ready: true), [Task("web-web-2-post-production-traffic-shift-0", ConditionTypes.Succeeded)], switched: true).HoldCleanUp.ShouldBeFalse();
    }

    [Fact]
    public void LINEAR_and_CANARY_run_no_hook_between_scale_up_and_production_traffic()
    {
        var verdict = Decide([Hook("probe", "POST_TEST_TRAFFIC_SHIFT")], Green(ready: true), [], strategy: DeploymentStrategies.Canary);

        verdict.HoldProductionTraffic.ShouldBeFalse();
        verdict.Start.ShouldBeEmpty();
        LifecycleHookGate.RunStages(DeploymentStrategies.Linear).ShouldBe(["PRE_SCALE_UP", "POST_PRODUCTION_TRAFFIC_SHIFT"]);
    }

    private static DesiredState Desired(int revision, string strategy) => DesiredStateBuilder.Build(new EcsService
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = "shop", Uid = "uid-1" },
            Spec = new EcsServiceSpec { TaskDefinition = "web", DesiredCount = 2, DeploymentConfiguration = new DeploymentConfiguration { Strategy = strategy } },
        },
        new ResolvedTaskDefinition("web", revision, new EcsTaskDefinitionSpec
        {
            ContainerDefinitions = [new ContainerDefinition { Name = "web", Image = "busybox:" + revision, Cpu = 256, Memory = 512, PortMappings = [new PortMapping { ContainerPort = 8080 }] }],
        }), BuildOptions.Default with { OwnerUid = "uid-1" });

    private static Deployment Live(Deployment applied, bool ready) => applied with
    {
        Metadata = applied.Metadata with { CreationTimestamp = T0, Generation = 1, Uid = applied.Metadata.Name },
        Status = new DeploymentStatus
        {
            ObservedGeneration = 1, Replicas = applied.Spec!.Replicas, UpdatedReplicas = applied.Spec.Replicas,
            ReadyReplicas = ready ? applied.Spec.Replicas : 0, AvailableReplicas = ready ? applied.Spec.Replicas : 0,
        },
    };

    private static BlueGreenPlan BlueGreen(int revision, IReadOnlyList<Deployment> live, LifecycleHookVerdict hooks, DateTimeOffset now) =>
        BlueGreenPlanner.Plan(new BlueGreenInput
        {
            Desired = Desired(revision, "BLUE_GREEN"), ServiceName = "web", Family = "web", Revision = revision, DesiredCount = 2,
            BakeTimeInMinutes = 0, Live = live, Now = now, Hooks = hooks,
        });

    [Fact]
    public void Blue_green_holds_at_each_gate_the_hooks_close()
    {
        var blue = Live(BlueGreen(1, [], LifecycleHookVerdict.Open, T0).Desired.Deployment!, ready: true);

        // PRE_SCALE_UP: green is created at 0 tasks.
        BlueGreen(2, [blue], new LifecycleHookVerdict { HoldScaleUp = true, HoldProductionTraffic = true }, T0).Desired.Deployment!.Spec!.Replicas.ShouldBe(0);

        // Before the switch: green is ready, production stays on blue.
        var green = Live(BlueGreen(2, [blue], LifecycleHookVerdict.Open, T0).Desired.Deployment!, ready: true);
        var held = BlueGreen(2, [blue, green], new LifecycleHookVerdict { HoldProductionTraffic = true }, T0.AddMinutes(1));
        held.ProductionWorkload.ShouldBe("web-web-1");
        held.Desired.Service!.Spec!.Selector![Labels.Revision].ShouldBe("1");

        // After the switch, with no bake: blue stays while the clean-up gate holds, and goes once it opens.
        var switched = BlueGreen(2, [blue, green], new LifecycleHookVerdict { HoldCleanUp = true }, T0.AddMinutes(2));
        switched.ProductionWorkload.ShouldBe("web-web-2");
        switched.Kept.ShouldBe([blue]);
        switched.Desired.Retired.ShouldBeEmpty();
        var stamped = Live(switched.Desired.Deployment!, ready: true);
        BlueGreen(2, [blue, stamped], LifecycleHookVerdict.Open, T0.AddMinutes(3)).Desired.Retired.ShouldBe([blue]);
    }

    [Fact]
    public void A_traffic_shift_holds_its_first_step_at_zero_tasks_and_keeps_the_previous_revision_until_the_clean_up_gate_opens()
    {
        TrafficShiftPlan Shift(IReadOnlyList<Deployment> live, LifecycleHookVerdict hooks, DateTimeOffset now) => TrafficShiftPlanner.Plan(new TrafficShiftInput
        {
            Desired = Desired(live.Count == 0 ? 1 : 2, "CANARY"), ServiceName = "web", Family = "web", Revision = live.Count == 0 ? 1 : 2, DesiredCount = 2,
            Schedule = TrafficShiftSchedule.AllAtOnce, BakeTimeInMinutes = 0, Live = live, Now = now, Hooks = hooks,
        });
        var old = Live(Shift([], LifecycleHookVerdict.Open, T0).Desired.Deployment!, ready: true);

        Shift([old], new LifecycleHookVerdict { HoldScaleUp = true }, T0).Desired.Deployment!.Spec!.Replicas.ShouldBe(0);

        var created = Live(Shift([old], LifecycleHookVerdict.Open, T0).Desired.Deployment!, ready: true);
        var last = Shift([old, created], new LifecycleHookVerdict { HoldCleanUp = true }, T0.AddMinutes(1));
        last.ProductionWorkload.ShouldBe(created.Metadata.Name);
        last.Desired.Retired.ShouldBeEmpty();
        last.Kept.ShouldHaveSingleItem().Metadata.Name.ShouldBe(old.Metadata.Name);
    }
}
