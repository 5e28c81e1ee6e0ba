using EcsBridge.Api;
using EcsBridge.Api.Services;
using EcsBridge.Api.TaskDefinitions;
using EcsBridge.Core.Build;
using EcsBridge.Core.Build.Strategies;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.UnitTests.Build.Strategies;

/// <summary>The blue/green step as a pure function: given the desired children, the live Deployments and the time,
/// which Deployment runs the target, what the production and test Services select, what is kept and deleted, and the
/// stage. Live Deployments are made from the planner's own earlier output plus a status, as the cluster would hold them.</summary>
public sealed class BlueGreenPlannerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private static EcsService Service(int bake = 10) => new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = "shop", Uid = "uid-1" },
        Spec = new EcsServiceSpec
        {
            TaskDefinition = "web",
            DesiredCount = 2,
            DeploymentConfiguration = new DeploymentConfiguration { Strategy = "BLUE_GREEN", BakeTimeInMinutes = bake },
        },
    };

    private static DesiredState Desired(int revision, EcsService? service = null) => DesiredStateBuilder.Build(service ?? Service(),
        new ResolvedTaskDefinition("web", revision, new EcsTaskDefinitionSpec
        {
            ContainerDefinitions = [new ContainerDefinition { Name = "web", Image = "busybox:" + revision, Cpu = 256, Memory = 512, PortMappings = [new PortMapping { ContainerPort = 8080 }] }],
        }), BuildOptions.Default with { OwnerUid = "uid-1" });

    private static BlueGreenPlan Plan(int revision, IReadOnlyList<Deployment> live, DateTimeOffset now, bool rollingBack = false, int bake = 10) =>
        BlueGreenPlanner.Plan(new BlueGreenInput
        {
            Desired = Desired(revision), ServiceName = "web", Family = "web", Revision = revision, DesiredCount = 2,
            BakeTimeInMinutes = bake, RollingBack = rollingBack, Live = live, Now = now,
        });

    /// <summary>The applied Deployment as the cluster holds it: created at <paramref name="created"/>, with all tasks
    /// ready or none.</summary>
    private static Deployment Live(Deployment applied, DateTimeOffset created, bool ready) => applied with
    {
        Metadata = applied.Metadata with { CreationTimestamp = created, Generation = 1, Uid = applied.Metadata.Name },
        Status = new DeploymentStatus
        {
            ObservedGeneration = 1, Replicas = 2, UpdatedReplicas = 2, ReadyReplicas = ready ? 2 : 0, AvailableReplicas = ready ? 2 : 0,
        },
    };

    private static string? Revision(IReadOnlyDictionary<string, string>? selector) => selector?.GetValueOrDefault(Labels.Revision);

    [Fact]
    public void The_first_revision_runs_in_its_own_Deployment_and_both_Services_select_it()
    {
        var plan = Plan(1, [], T0);

        var deployment = plan.Desired.Deployment!;
        deployment.Metadata.Name.ShouldBe("web-web-1");
        deployment.Spec!.Replicas.ShouldBe(2);
        Revision(deployment.Spec.Selector!.MatchLabels).ShouldBe("1");
        deployment.Metadata.Annotations?.ContainsKey(BlueGreenAnnotations.ProductionSince).ShouldNotBe(true);
        Revision(plan.Desired.Service!.Spec!.Selector).ShouldBe("1");
        plan.Desired.Service.Metadata.Name.ShouldBe("web");
        plan.Desired.TestService!.Metadata.Name.ShouldBe("web-test");
        plan.Desired.TestService.Spec!.Type.ShouldBe("ClusterIP");
        Revision(plan.Desired.TestService.Spec.Selector).ShouldBe("1");
        plan.Stage.ShouldBeNull();
        plan.TargetTrafficPercent.ShouldBe(100);
        plan.Desired.Retired.ShouldBeEmpty();
        plan.RequeueAfter.ShouldBeNull();
    }

    [Fact]
    public void A_new_revision_scales_up_beside_blue_while_production_stays_on_blue_and_the_test_Service_reaches_green()
    {
        var blue = Live(Plan(1, [], T0).Desired.Deployment!, T0, ready: true);

        var plan = Plan(2, [blue], T0.AddMinutes(5));

        plan.Desired.Deployment!.Metadata.Name.ShouldBe("web-web-2");
        Revision(plan.Desired.Service!.Spec!.Selector).ShouldBe("1");
        Revision(plan.Desired.TestService!.Spec!.Selector).ShouldBe("2");
        plan.Kept.ShouldBe([blue]);
        plan.Desired.Retired.ShouldBeEmpty();
        plan.Stage.ShouldBe(LifecycleStages.ScaleUp);
        plan.TargetTrafficPercent.ShouldBe(0);
        plan.ProductionWorkload.ShouldBe("web-web-1");

        // Created but not ready yet: still no switch.
        var green = Live(plan.Desired.Deployment, T0.AddMinutes(5), ready: false);
        var waiting = Plan(2, [blue, green], T0.AddMinutes(6));
        Revision(waiting.Desired.Service!.Spec!.Selector).ShouldBe("1");
        waiting.Stage.ShouldBe(LifecycleStages.ScaleUp);
    }

    [Fact]
    public void Once_green_is_ready_the_selector_moves_in_one_step_blue_bakes_then_goes()
    {
        var blue = Live(Plan(1, [], T0).Desired.Deployment!, T0, ready: true);
        var green = Live(Plan(2, [blue], T0.AddMinutes(5)).Desired.Deployment!, T0.AddMinutes(5), ready: true);
        var switchedAt = T0.AddMinutes(6);

        var plan = Plan(2, [blue, green], switchedAt);

        Revision(plan.Desired.Service!.Spec!.Selector).ShouldBe("2");
        plan.Desired.Deployment!.Metadata.Annotations![BlueGreenAnnotations.ProductionSince].ShouldBe("2026-12-03T12:06:00Z");
        plan.Desired.Deployment.Metadata.Annotations[BlueGreenAnnotations.BakeDeadline].ShouldBe("2026-12-03T12:16:00Z");
        plan.Stage.ShouldBe(LifecycleStages.BakeTime);
        plan.TargetTrafficPercent.ShouldBe(100);
        plan.BakeDeadline.ShouldBe(switchedAt.AddMinutes(10));
        plan.RequeueAfter.ShouldBe(TimeSpan.FromMinutes(10));
        plan.Kept.ShouldBe([blue]);

        // A later reconcile (or a restarted operator) reads the stamp back from the live Deployment: still baking.
        var stamped = Live(plan.Desired.Deployment, T0.AddMinutes(5), ready: true);
        var baking = Plan(2, [blue, stamped], switchedAt.AddMinutes(4));
        baking.Stage.ShouldBe(LifecycleStages.BakeTime);
        Revision(baking.Desired.Service!.Spec!.Selector).ShouldBe("2");
        baking.Desired.Deployment!.Metadata.Annotations![BlueGreenAnnotations.BakeDeadline].ShouldBe("2026-12-03T12:16:00Z");
        baking.RequeueAfter.ShouldBe(TimeSpan.FromMinutes(6));
        baking.Desired.Retired.ShouldBeEmpty();

        // At the deadline blue is deleted.
        var cleanUp = Plan(2, [blue, stamped], switchedAt.AddMinutes(10));
        cleanUp.Stage.ShouldBe(LifecycleStages.CleanUp);
        cleanUp.Desired.Retired.ShouldBe([blue]);
        cleanUp.Kept.ShouldBeEmpty();
        cleanUp.RequeueAfter.ShouldBeNull();

        // Then only green runs.
        var done = Plan(2, [stamped], switchedAt.AddMinutes(11));
        done.Stage.ShouldBeNull();
        Revision(done.Desired.Service!.Spec!.Selector).ShouldBe("2");
    }

    [Fact]
    public void A_rollback_during_bake_moves_the_selector_back_at_once_and_deletes_green_without_a_bake()
    {
        var blue = Live(Plan(1, [], T0).Desired.Deployment!, T0, ready: true);
        var green = Live(Plan(2, [blue], T0.AddMinutes(5)).Desired.Deployment!, T0.AddMinutes(5), ready: true);
        var stamped = Live(Plan(2, [blue, green], T0.AddMinutes(6)).Desired.Deployment!, T0.AddMinutes(5), ready: true);

        var plan = Plan(1, [blue, stamped], T0.AddMinutes(8), rollingBack: true);

        plan.Desired.Deployment!.Metadata.Name.ShouldBe("web-web-1");
        Revision(plan.Desired.Service!.Spec!.Selector).ShouldBe("1");
        Revision(plan.Desired.TestService!.Spec!.Selector).ShouldBe("1");
        plan.Desired.Deployment.Metadata.Annotations![BlueGreenAnnotations.ProductionSince].ShouldBe("2026-12-03T12:08:00Z");
        plan.Desired.Retired.ShouldBe([stamped]);
        plan.TargetTrafficPercent.ShouldBe(100);
        plan.RequeueAfter.ShouldBeNull();
    }

    [Fact]
    public void A_revision_replaced_before_the_switch_is_deleted_and_production_stays_on_blue()
    {
        var blue = Live(Plan(1, [], T0).Desired.Deployment!, T0, ready: true);
        var green = Live(Plan(2, [blue], T0.AddMinutes(5)).Desired.Deployment!, T0.AddMinutes(5), ready: false);

        var plan = Plan(3, [blue, green], T0.AddMinutes(6));

        plan.Desired.Deployment!.Metadata.Name.ShouldBe("web-web-3");
        Revision(plan.Desired.Service!.Spec!.Selector).ShouldBe("1");
        plan.Kept.ShouldBe([blue]);
        plan.Desired.Retired.ShouldBe([green]);
        plan.Stage.ShouldBe(LifecycleStages.ScaleUp);
    }

    [Fact]
    public void A_revision_replaced_during_bake_keeps_the_production_one_and_deletes_the_older_blue()
    {
        var blue = Live(Plan(1, [], T0).Desired.Deployment!, T0, ready: true);
        var green = Live(Plan(2, [blue], T0.AddMinutes(5)).Desired.Deployment!, T0.AddMinutes(5), ready: true);
        var stamped = Live(Plan(2, [blue, green], T0.AddMinutes(6)).Desired.Deployment!, T0.AddMinutes(5), ready: true);

        var plan = Plan(3, [blue, stamped], T0.AddMinutes(7));

        Revision(plan.Desired.Service!.Spec!.Selector).ShouldBe("2");
        plan.ProductionWorkload.ShouldBe("web-web-2");
        plan.Kept.ShouldBe([stamped]);
        plan.Desired.Retired.ShouldBe([blue]);
    }

    [Fact]
    public void A_ROLLING_Deployment_is_blue_and_its_tasks_are_selected_by_their_revision_labels()
    {
        var rolling = DesiredStateBuilder.Build(Service() with { Spec = Service().Spec with { DeploymentConfiguration = null } },
            new ResolvedTaskDefinition("web", 1, new EcsTaskDefinitionSpec
            {
                ContainerDefinitions = [new ContainerDefinition { Name = "web", Image = "busybox:1", Cpu = 256, Memory = 512, PortMappings = [new PortMapping { ContainerPort = 8080 }] }],
            }), BuildOptions.Default with { OwnerUid = "uid-1" }).Deployment!;
        var legacy = Live(rolling, T0, ready: true);
        legacy.Metadata.Name.ShouldBe("web");

        var plan = Plan(2, [legacy], T0.AddMinutes(1));
        plan.Desired.Deployment!.Metadata.Name.ShouldBe("web-web-2");
        plan.Desired.Service!.Spec!.Selector!.GetValueOrDefault(Labels.Revision).ShouldBe("1");
        plan.Desired.Service.Spec.Selector!.GetValueOrDefault(Labels.TaskDefinition).ShouldBe("web");
        plan.Kept.ShouldBe([legacy]);

        // The same revision: the ROLLING Deployment is reused as it is, selector included (immutable).
        var same = Plan(1, [legacy], T0.AddMinutes(1));
        same.Desired.Deployment!.Metadata.Name.ShouldBe("web");
        same.Desired.Deployment.Spec!.Selector.ShouldBe(legacy.Spec!.Selector);
        same.Stage.ShouldBeNull();
        same.Desired.Retired.ShouldBeEmpty();
    }

    [Fact]
    public void Ready_means_observed_every_task_updated_and_available_and_nothing_older_left()
    {
        var green = Live(Plan(2, [], T0).Desired.Deployment!, T0, ready: true);
        BlueGreenPlanner.IsFullyReady(green, 2).ShouldBeTrue();
        BlueGreenPlanner.IsFullyReady(green, 3).ShouldBeFalse();
        BlueGreenPlanner.IsFullyReady(green with { Status = green.Status! with { ObservedGeneration = 0 } }, 2).ShouldBeFalse();
        BlueGreenPlanner.IsFullyReady(green with { Status = green.Status! with { AvailableReplicas = 1 } }, 2).ShouldBeFalse();
        BlueGreenPlanner.IsFullyReady(green with { Status = green.Status! with { Replicas = 3 } }, 2).ShouldBeFalse();
    }

    [Fact]
    public void Back_to_ROLLING_the_per_revision_Deployments_go_once_the_rolling_one_is_ready()
    {
        var perRevision = Live(Plan(2, [], T0).Desired.Deployment!, T0, ready: true);
        var rolling = Live(Desired(2, Service() with { Spec = Service().Spec with { DeploymentConfiguration = null } }).Deployment!, T0.AddMinutes(1), ready: false);

        RollingLeftovers.Retire("web", [perRevision, rolling]).ShouldBeEmpty();
        RollingLeftovers.Retire("web", [perRevision, Live(rolling, T0.AddMinutes(1), ready: true)]).ShouldBe([perRevision]);
    }

    [Fact]
    public void Between_deployments_the_HPA_scales_the_production_revision_and_during_one_it_is_removed()
    {
        var autoscaled = Service(bake: 0) with
        {
            Spec = Service(bake: 0).Spec with
            {
                AutoScaling = new ServiceAutoScaling
                {
                    MinCapacity = 2, MaxCapacity = 6,
                    TargetTrackingPolicies = [new TargetTrackingScalingPolicy { PredefinedMetricType = "ECSServiceAverageCPUUtilization", TargetValue = 50 }],
                },
            },
        };
        BlueGreenPlan Step(int revision, IReadOnlyList<Deployment> live, DateTimeOffset now, int count) => BlueGreenPlanner.Plan(new BlueGreenInput
        {
            Desired = Desired(revision, autoscaled), ServiceName = "web", Family = "web", Revision = revision, DesiredCount = count,
            BakeTimeInMinutes = 0, Live = live, Now = now,
        });

        // Only web:1 runs: the HPA scales its Deployment, which leaves the count to it.
        var first = Step(1, [], T0, count: 2);
        first.Desired.Hpa.ShouldNotBeNull().Spec!.ScaleTargetRef.Name.ShouldBe("web-web-1");
        first.Desired.Deployment!.Spec!.Replicas.ShouldBeNull();

        // web:2 deploys: no HPA; green starts at the production revision's count (the HPA's last word, 5).
        var blue = Live(first.Desired.Deployment with { Spec = first.Desired.Deployment.Spec with { Replicas = 5 } }, T0, ready: true);
        var deploying = Step(2, [blue], T0.AddMinutes(1), count: 5);
        deploying.Desired.Hpa.ShouldBeNull();
        deploying.Desired.Deployment!.Spec!.Replicas.ShouldBe(5);

        // Once blue is gone the HPA returns, on web:2's Deployment.
        var green = Live(deploying.Desired.Deployment, T0.AddMinutes(1), ready: true) with
        {
            Metadata = deploying.Desired.Deployment.Metadata with
            {
                CreationTimestamp = T0.AddMinutes(1), Generation = 1, Uid = "web-web-2",
                Annotations = new Dictionary<string, string> { [BlueGreenAnnotations.ProductionSince] = "2026-12-03T12:02:00Z", [BlueGreenAnnotations.BakeDeadline] = "2026-12-03T12:02:00Z" },
            },
        };
        var steady = Step(2, [green], T0.AddMinutes(3), count: 5);
        steady.Desired.Hpa.ShouldNotBeNull().Spec!.ScaleTargetRef.Name.ShouldBe("web-web-2");
        steady.Desired.Deployment!.Spec!.Replicas.ShouldBeNull();
    }
}
