using EcsBridge.Api;
using EcsBridge.Api.Services;
using EcsBridge.Api.TaskDefinitions;
using EcsBridge.Core.Build;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.UnitTests.Build;

/// <summary>Issue 15, items 3 and 8: a DAEMON service's maxUnavailable is the whole number ECS means, and the
/// approximations a node test observed are reported precisely.</summary>
public sealed class DaemonAndApproximationNotesTests
{
    private static EcsTaskDefinitionSpec TaskSpec(params ContainerDefinition[] containers) => new()
    {
        Family = "web",
        ContainerDefinitions = containers.Length > 0 ? containers : [new ContainerDefinition { Name = "web", Image = "nginx:1.27", Memory = 128 }],
    };

    private static EcsService Service(string? scheduling = null, int? minimumHealthyPercent = null) => new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = "shop" },
        Spec = new EcsServiceSpec
        {
            TaskDefinition = "web",
            SchedulingStrategy = scheduling,
            DeploymentConfiguration = minimumHealthyPercent is null ? null : new DeploymentConfiguration { MinimumHealthyPercent = minimumHealthyPercent },
        },
    };

    private static DesiredState Build(EcsService service, EcsTaskDefinitionSpec spec, BuildOptions? options = null) =>
        DesiredStateBuilder.Build(service, new ResolvedTaskDefinition("web", 1, spec), options);

    // nodes, minimumHealthyPercent → maxUnavailable = nodes − ceil(nodes × min / 100), hand-computed; the comment gives
    // what the percentage (100 − min)% would have allowed, which Kubernetes rounds up for DaemonSets.
    [Theory]
    [InlineData(3, 50, 1, false)]   // ceil(1.5) = 2 stay; "50%" → ceil(1.5) = 2 down
    [InlineData(4, 50, 2, false)]   // ceil(2) = 2 stay; "50%" → 2 down
    [InlineData(3, 0, 3, false)]    // the ECS default for DAEMON: all may be replaced at once
    [InlineData(5, 75, 1, false)]   // ceil(3.75) = 4 stay; "25%" → ceil(1.25) = 2 down
    [InlineData(10, 66, 3, false)]  // ceil(6.6) = 7 stay; "34%" → ceil(3.4) = 4 down
    [InlineData(7, 90, 1, true)]   // ceil(6.3) = 7 stay → 0, raised to 1 (Kubernetes needs 1 without maxSurge)
    [InlineData(1, 50, 1, true)]   // ceil(0.5) = 1 stays → 0, raised to 1
    [InlineData(3, 100, 1, true)]  // nothing may be down in ECS → raised to 1
    public void A_daemon_services_max_unavailable_is_the_whole_number_ECS_allows_on_the_known_nodes(int nodes, int minimumHealthyPercent, int expected, bool raisedToOne)
    {
        var state = Build(Service("DAEMON", minimumHealthyPercent), TaskSpec(), new BuildOptions { DaemonNodes = nodes });

        var maxUnavailable = state.DaemonSet!.Spec!.UpdateStrategy!.RollingUpdate!.MaxUnavailable!;
        maxUnavailable.IsInt.ShouldBeTrue();
        maxUnavailable.IntValue.ShouldBe(expected);
        DesiredStateJson.Serialize(state.DaemonSet).ShouldContain($"\"maxUnavailable\":{expected}}}");
        var raised = state.Notes.Where(n => n.Field == "spec.deploymentConfiguration.minimumHealthyPercent" && n.Reason == NoteReasons.Adjusted).ToList();
        raised.Count.ShouldBe(raisedToOne ? 1 : 0);
    }

    [Fact]
    public void Without_a_node_count_one_node_at_a_time_is_updated_and_the_note_says_why()
    {
        var state = Build(Service("DAEMON"), TaskSpec());

        state.DaemonSet!.Spec!.UpdateStrategy!.RollingUpdate!.MaxUnavailable!.IntValue.ShouldBe(1);
        state.Notes.ShouldContain(n => n.Field == "spec.deploymentConfiguration.minimumHealthyPercent" && n.Message!.Contains("not known yet", StringComparison.Ordinal));
        Build(Service("DAEMON"), TaskSpec(), new BuildOptions { DaemonNodes = 0 }).DaemonSet!.Spec!.UpdateStrategy!.RollingUpdate!.MaxUnavailable!.IntValue.ShouldBe(1);
    }

    [Fact]
    public void A_non_essential_container_note_says_it_restarts_and_makes_the_task_NotReady()
    {
        var state = Build(Service(), TaskSpec(
            new ContainerDefinition { Name = "web", Image = "nginx:1.27" },
            new ContainerDefinition { Name = "job", Image = "busybox:1", Essential = false }));

        var note = state.Notes.Single(n => n.Field == "taskDefinition.containerDefinitions[1].essential");
        note.Reason.ShouldBe(NoteReasons.Approximated);
        note.Message.ShouldContain("restarts it");
        note.Message.ShouldContain("NotReady");
        note.Message.ShouldContain("runningCount");
    }

    [Fact]
    public void Task_level_cpu_and_memory_split_over_essential_containers_are_reported_with_the_shares()
    {
        // 1024 units = 1000m over two essential containers: 500m each; 1000 MiB: 500Mi each; the sidecar gets nothing.
        var spec = TaskSpec(
            new ContainerDefinition { Name = "web", Image = "nginx:1.27" },
            new ContainerDefinition { Name = "api", Image = "api:1" },
            new ContainerDefinition { Name = "log", Image = "log:1", Essential = false }) with { Cpu = "1024", Memory = "1000" };

        var notes = Build(Service(), spec).Notes;

        var cpu = notes.Single(n => n.Field == "taskDefinition.cpu");
        cpu.Reason.ShouldBe(NoteReasons.Approximated);
        cpu.Message.ShouldContain("1024 CPU units");
        cpu.Message.ShouldContain("\"web\" 500m, \"api\" 500m");
        cpu.Message.ShouldContain("non-essential containers get no limit");
        var memory = notes.Single(n => n.Field == "taskDefinition.memory");
        memory.Message.ShouldContain("1000 MiB");
        memory.Message.ShouldContain("\"web\" 500Mi, \"api\" 500Mi");
    }

    [Fact]
    public void An_init_container_for_a_SUCCESS_dependency_names_the_containers_it_delays_that_do_not_depend_on_it()
    {
        // app waits for setup (SUCCESS) and agent (START); agent does not depend on setup but starts after it all the same.
        var spec = TaskSpec(
            new ContainerDefinition { Name = "setup", Image = "busybox:1", Essential = false },
            new ContainerDefinition { Name = "agent", Image = "agent:1" },
            new ContainerDefinition
            {
                Name = "app", Image = "app:1",
                DependsOn = [new ContainerDependency { ContainerName = "setup", Condition = "SUCCESS" }, new ContainerDependency { ContainerName = "agent", Condition = "START" }],
            });

        foreach (var sidecars in new[] { true, false })
        {
            var notes = Build(Service(), spec, new BuildOptions { NativeSidecars = sidecars }).Notes;
            var note = notes.Single(n => n.Field == "taskDefinition.containerDefinitions[0]");
            note.Reason.ShouldBe(NoteReasons.Approximated);
            note.Message.ShouldContain("before \"agent\" starts");
            note.Message.ShouldNotContain("\"app\"");
        }
    }

    [Fact]
    public void Without_native_sidecars_a_START_target_defined_later_is_listed_before_its_dependent()
    {
        // The kubelet starts a pod's containers one by one in spec order: app (defined first) must come after agent.
        var spec = TaskSpec(
            new ContainerDefinition { Name = "app", Image = "app:1", DependsOn = [new ContainerDependency { ContainerName = "agent", Condition = "START" }] },
            new ContainerDefinition { Name = "log", Image = "log:1" },
            new ContainerDefinition { Name = "agent", Image = "agent:1" });

        var containers = Build(Service(), spec, new BuildOptions { NativeSidecars = false }).Deployment!.Spec!.Template.Spec!.Containers;

        containers.Select(c => c.Name).ShouldBe(["log", "agent", "app"]);
    }

    [Fact]
    public void An_init_container_that_every_later_container_depends_on_delays_nothing_extra()
    {
        var spec = TaskSpec(
            new ContainerDefinition { Name = "migrate", Image = "busybox:1", Essential = false },
            new ContainerDefinition { Name = "app", Image = "app:1", DependsOn = [new ContainerDependency { ContainerName = "migrate", Condition = "SUCCESS" }] });

        Build(Service(), spec).Notes.ShouldNotContain(n => n.Field == "taskDefinition.containerDefinitions[0]");
    }
}
