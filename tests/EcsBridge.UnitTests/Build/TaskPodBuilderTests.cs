using EcsBridge.Api;
using EcsBridge.Api.TaskDefinitions;
using EcsBridge.Api.Tasks;
using EcsBridge.Core.Build;
using System.Text.Json;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.UnitTests.Build;

/// <summary>An EcsTask's pods: the service path's pod template with the run-task overrides applied on top, run once.</summary>
public sealed class TaskPodBuilderTests
{
    private static readonly EcsTaskDefinitionSpec Spec = new()
    {
        Cpu = "256",
        Memory = "512",
        ContainerDefinitions =
        [
            new ContainerDefinition
            {
                Name = "migrate", Image = "app:1", Essential = true, Cpu = 128, Memory = 256,
                EntryPoint = ["sh", "-c"], Command = ["./migrate up"],
                Environment = [new EnvironmentVariable { Name = "DB", Value = "prod" }, new EnvironmentVariable { Name = "MODE", Value = "safe" }],
                HealthCheck = new HealthCheck { Command = ["CMD-SHELL", "true"] },
            },
            new ContainerDefinition { Name = "log_router", Image = "fluent:1", Essential = false, Memory = 64 },
        ],
    };

    private static readonly ResolvedTaskDefinition Revision = new("app", 4, Spec);

    private static EcsTask Task(TaskOverride? overrides = null, int? count = null, string? group = null) => new()
    {
        Metadata = new ObjectMeta { Name = "migrate-db", Namespace = "team", Uid = "task-uid" },
        Spec = new EcsTaskSpec { TaskDefinition = "app", Overrides = overrides, Count = count, Group = group, StartedBy = "argocd" },
    };

    [Fact]
    public void Each_task_is_one_pod_that_is_never_restarted_and_is_controlled_by_the_EcsTask()
    {
        var built = TaskPodBuilder.Build(Task(count: 3), Revision, new BuildOptions { OwnerUid = "task-uid" });

        built.Errors.ShouldBeEmpty();
        built.Pods.Select(p => p.Metadata.Name).ShouldBe(["migrate-db-1", "migrate-db-2", "migrate-db-3"]);
        foreach (var pod in built.Pods)
        {
            pod.Spec!.RestartPolicy.ShouldBe("Never");
            pod.Metadata.Namespace.ShouldBe("team");
            var owner = pod.Metadata.OwnerReferences.ShouldHaveSingleItem();
            (owner.Kind, owner.Name, owner.Uid, owner.Controller).ShouldBe(("EcsTask", "migrate-db", "task-uid", (bool?)true));
            pod.Metadata.Labels!["ecsbridge.io/task"].ShouldBe("migrate-db");
            pod.Metadata.Labels["app.kubernetes.io/managed-by"].ShouldBe("ecsbridge");
            pod.Metadata.Labels["ecsbridge.io/revision"].ShouldBe("4");
            pod.Metadata.Labels.ContainsKey("ecsbridge.io/service").ShouldBeFalse();
            pod.Metadata.Annotations!["ecsbridge.io/started-by"].ShouldBe("argocd");
            pod.Metadata.Annotations["ecsbridge.io/group"].ShouldBe("family:app");
        }
        built.Group.ShouldBe("family:app");
        built.EssentialContainers.ShouldBe(["migrate"], ignoreOrder: true);
        built.ContainerNames.Select(n => (n.Key, n.Value)).ShouldBe([("migrate", "migrate"), ("log-router", "log_router")]);
    }

    [Fact]
    public void The_pod_is_the_services_pod_template_without_the_probes_that_restart_or_kill()
    {
        var service = TaskPodBuilder.AsService(Task(), Revision.Reference) with { Spec = new EcsServiceSpec { TaskDefinition = "app", DesiredCount = 1 } };
        var template = DesiredStateBuilder.Build(service, Revision).Deployment!.Spec!.Template!.Spec!;
        var pod = TaskPodBuilder.Build(Task(), Revision).Pods.ShouldHaveSingleItem().Spec!;

        var fromService = template.Containers.Single(c => c.Name == "migrate");
        var fromTask = pod.Containers.Single(c => c.Name == "migrate");
        fromService.LivenessProbe.ShouldNotBeNull();
        fromTask.LivenessProbe.ShouldBeNull();
        fromTask.StartupProbe.ShouldBeNull();
        fromTask.ReadinessProbe.ShouldNotBeNull();

        // Put back what a task leaves out: the rest is the service's pod spec, byte for byte.
        var restored = pod with
        {
            RestartPolicy = null,
            Containers = [.. pod.Containers.Select(c => c with
            {
                LivenessProbe = template.Containers.Single(t => t.Name == c.Name).LivenessProbe,
                StartupProbe = template.Containers.Single(t => t.Name == c.Name).StartupProbe,
            })],
        };
        Json(restored).ShouldBe(Json(template));
    }

    private static string Json(PodSpec spec) => JsonSerializer.Serialize(new PodTemplateSpec { Spec = spec }, WorkloadsJsonContext.Default.PodTemplateSpec);

    [Fact]
    public void Overrides_replace_command_cpu_and_memory_and_add_or_replace_environment_variables()
    {
        var overrides = new TaskOverride
        {
            Memory = "1024",
            ContainerOverrides =
            [
                new ContainerOverride
                {
                    Name = "migrate", Command = ["./migrate down 1"], Cpu = 64, Memory = 128, MemoryReservation = 96,
                    Environment = [new EnvironmentVariable { Name = "MODE", Value = "force" }, new EnvironmentVariable { Name = "STEP", Value = "1" }],
                },
            ],
        };

        var spec = TaskOverrides.Apply(Spec, overrides, out var errors);

        errors.ShouldBeEmpty();
        var migrate = spec.ContainerDefinitions[0];
        migrate.Command.ShouldBe(["./migrate down 1"]);
        migrate.EntryPoint.ShouldBe(["sh", "-c"], "ECS overrides the command (CMD), never the entry point");
        (migrate.Cpu, migrate.Memory, migrate.MemoryReservation).ShouldBe(((int?)64, (int?)128, (int?)96));
        migrate.Environment!.Select(e => (e.Name, e.Value)).ShouldBe([("DB", "prod"), ("MODE", "force"), ("STEP", "1")]);
        spec.ContainerDefinitions[1].ShouldBe(Spec.ContainerDefinitions[1]);
        (spec.Cpu, spec.Memory).ShouldBe(("256", "1024"));

        // And the pod carries them: ECS command → Kubernetes args; memory → the limit, reservation → the request.
        var container = TaskPodBuilder.Build(Task(overrides), Revision).Pods[0].Spec!.Containers.Single(c => c.Name == "migrate");
        container.Args.ShouldBe(["./migrate down 1"]);
        container.Command.ShouldBe(["sh", "-c"]);
        container.Env!.Single(e => e.Name == "MODE").Value.ShouldBe("force");
        container.Resources!.Limits!["memory"].ShouldBe("128Mi");
        container.Resources.Requests!["memory"].ShouldBe("96Mi");
        container.Resources.Requests["cpu"].ShouldBe("63m");
    }

    [Fact]
    public void An_override_of_an_unknown_container_is_an_error_and_nothing_is_built()
    {
        var built = TaskPodBuilder.Build(Task(new TaskOverride { ContainerOverrides = [new ContainerOverride { Name = "migrat", Command = ["x"] }] }), Revision);

        built.Pods.ShouldBeEmpty();
        built.Errors.ShouldHaveSingleItem().ShouldContain("\"migrat\"");
        built.Errors[0].ShouldContain("spec.overrides.containerOverrides[0].name");
    }

    [Fact]
    public void Roles_and_launch_type_are_reported_and_the_task_runs_without_the_familys_service_account()
    {
        var withRole = Revision with { Spec = Spec with { TaskRoleArn = "arn:aws:iam::1:role/app" } };
        var built = TaskPodBuilder.Build(Task(new TaskOverride { ExecutionRoleArn = "arn:aws:iam::1:role/exec" }, group: "migrations") with { }, withRole);

        built.Pods[0].Spec!.ServiceAccountName.ShouldBeNull();
        built.Notes.Select(n => n.Field).ShouldContain("taskDefinition.taskRoleArn");
        built.Notes.Single(n => n.Field == "taskDefinition.taskRoleArn").Reason.ShouldBe("NotSupported");
        built.Notes.Select(n => n.Field).ShouldContain("spec.overrides.executionRoleArn");
        built.Notes.Select(n => n.Field).ShouldContain("taskDefinition.containerDefinitions.healthCheck");
        built.Group.ShouldBe("migrations");
    }
}
