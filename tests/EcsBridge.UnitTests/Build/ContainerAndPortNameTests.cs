using EcsBridge.Api;
using EcsBridge.Api.Services;
using EcsBridge.Api.TaskDefinitions;
using EcsBridge.Core.Build;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.UnitTests.Build;

/// <summary>ECS container and port names that are not Kubernetes names: the pod gets unique DNS-1123 names and every
/// reference (dependsOn, volumesFrom, load balancers, Service ports) still finds its container and port.</summary>
public sealed class ContainerAndPortNameTests
{
    private static EcsService Service(params LoadBalancer[] loadBalancers) => new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = "shop" },
        Spec = new EcsServiceSpec { TaskDefinition = "web", DesiredCount = 1, LoadBalancers = loadBalancers.Length == 0 ? null : loadBalancers },
    };

    private static EcsTaskDefinitionSpec FireLensTask() => new()
    {
        Family = "web",
        Volumes = [new TaskVolume { Name = "config" }],
        ContainerDefinitions =
        [
            new ContainerDefinition
            {
                Name = "log_router", Image = "fluent-bit:3", Essential = true,
                MountPoints = [new MountPoint { SourceVolume = "config", ContainerPath = "/fluent-bit/etc" }],
                FirelensConfiguration = new FirelensConfiguration { Type = "fluentbit" },
            },
            new ContainerDefinition
            {
                Name = "Web_App", Image = "nginx:1.27",
                PortMappings =
                [
                    new PortMapping { ContainerPort = 8080, Name = "http_api" },
                    new PortMapping { ContainerPort = 9090, Name = "http-api" },
                ],
                DependsOn = [new ContainerDependency { ContainerName = "log_router", Condition = "START" }],
                VolumesFrom = [new VolumeFrom { SourceContainer = "log_router", ReadOnly = true }],
            },
            new ContainerDefinition { Name = "web-app", Image = "busybox:1.36", PortMappings = [new PortMapping { ContainerPort = 7070, Name = "HTTP-API" }] },
        ],
    };

    [Fact]
    public void Ecs_container_names_become_unique_dns_labels_and_every_reference_follows()
    {
        var state = DesiredStateBuilder.Build(Service(new LoadBalancer { ContainerName = "Web_App", ContainerPort = 9090 }),
            new ResolvedTaskDefinition("web", 1, FireLensTask()));

        var pod = state.Deployment!.Spec!.Template.Spec!;
        // log_router is a START dependency: a native sidecar.
        pod.InitContainers!.Select(c => c.Name).ShouldBe(["log-router"]);
        pod.InitContainers![0].RestartPolicy.ShouldBe("Always");
        pod.Containers.Select(c => c.Name).ShouldBe(["web-app", "web-app-2"]);
        // volumesFrom log_router: Web_App mounts log_router's volume read-only.
        pod.Containers[0].VolumeMounts!.Single().MountPath.ShouldBe("/fluent-bit/etc");
        pod.Containers[0].VolumeMounts!.Single().ReadOnly.ShouldBe(true);
        // The load balancer names Web_App: its port 9090 is the one exposed.
        state.Service!.Spec!.Ports!.Select(p => (p.Name, p.Port)).ShouldBe([("http-api-9090", 9090)]);
        state.Notes.ShouldContain(n => n.Field == "taskDefinition.containerDefinitions[0].name" && n.Message.Contains("\"log-router\""), NotesOf(state));
        state.Notes.ShouldContain(n => n.Field == "taskDefinition.containerDefinitions[1].name" && n.Message.Contains("\"web-app\""), NotesOf(state));
        state.Notes.ShouldContain(n => n.Field == "taskDefinition.containerDefinitions[2].name" && n.Message.Contains("another container") && n.Message.Contains("\"web-app-2\""), NotesOf(state));
    }

    [Fact]
    public void Port_names_that_read_the_same_are_made_unique_in_the_pod_and_the_service_uses_the_container_names()
    {
        var state = DesiredStateBuilder.Build(Service(), new ResolvedTaskDefinition("web", 1, FireLensTask()));

        var pod = state.Deployment!.Spec!.Template.Spec!;
        pod.Containers[0].Ports!.Select(p => (p.Name, p.Port)).ShouldBe([("http-api", 8080), ("http-api-9090", 9090)]);
        pod.Containers[1].Ports!.Select(p => (p.Name, p.Port)).ShouldBe([("http-api-7070", 7070)]);
        state.Service!.Spec!.Ports!.Select(p => (p.Name, p.Port, p.TargetPort!.IntValue)).ShouldBe(
            [("http-api", 8080, (int?)8080), ("http-api-9090", 9090, 9090), ("http-api-7070", 7070, 7070)]);
    }

    [Theory]
    [InlineData(new[] { "app" }, new[] { "app" })]
    [InlineData(new[] { "log_router", "log-router", "Log_Router" }, new[] { "log-router", "log-router-2", "log-router-3" })]
    [InlineData(new[] { "log-router-2", "log_router", "log-router" }, new[] { "log-router-2", "log-router", "log-router-3" })]
    public void Container_names_are_assigned_in_definition_order(string[] ecsNames, string[] expected) =>
        ContainerNames.Assign([.. ecsNames.Select(n => new ContainerDefinition { Name = n, Image = "i" })]).ShouldBe(expected);

    private static string NotesOf(DesiredState state) => string.Join("\n", state.Notes.Select(n => $"{n.Field}: {n.Message}"));
}
