using EcsBridge.Api;
using EcsBridge.Api.Services;
using EcsBridge.Api.TaskDefinitions;
using EcsBridge.Core.Build;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.UnitTests.Build;

public sealed class DesiredStateBuilderTests
{
    private static EcsTaskDefinitionSpec TaskSpec(string image = "nginx:1.27") => new()
    {
        Family = "web",
        ContainerDefinitions =
        [
            new ContainerDefinition { Name = "web", Image = image, Cpu = 256, Memory = 512, PortMappings = [new PortMapping { ContainerPort = 80 }] },
        ],
    };

    private static EcsService Service(ServiceAutoScaling? autoScaling = null, int desired = 2) => new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = "shop" },
        Spec = new EcsServiceSpec { TaskDefinition = "web", DesiredCount = desired, AutoScaling = autoScaling },
    };

    private static readonly ServiceAutoScaling CpuScaling = new()
    {
        MinCapacity = 1,
        MaxCapacity = 4,
        TargetTrackingPolicies = [new TargetTrackingScalingPolicy { PredefinedMetricType = "ECSServiceAverageCPUUtilization", TargetValue = 50 }],
    };

    [Fact]
    public void Replicas_are_left_out_when_an_hpa_owns_the_count()
    {
        var state = DesiredStateBuilder.Build(Service(CpuScaling), new ResolvedTaskDefinition("web", 1, TaskSpec()));

        state.Hpa.ShouldNotBeNull();
        state.Deployment!.Spec!.Replicas.ShouldBeNull();
        DesiredStateJson.Serialize(state.Deployment).ShouldNotContain("\"replicas\"");
    }

    [Fact]
    public void Replicas_follow_desired_count_without_autoscaling()
    {
        var state = DesiredStateBuilder.Build(Service(desired: 5), new ResolvedTaskDefinition("web", 1, TaskSpec()));

        state.Hpa.ShouldBeNull();
        state.Deployment!.Spec!.Replicas.ShouldBe(5);
    }

    [Fact]
    public void The_selector_is_the_same_for_every_revision_while_the_template_labels_carry_the_revision()
    {
        var first = DesiredStateBuilder.Build(Service(), new ResolvedTaskDefinition("web", 1, TaskSpec("nginx:1.27")));
        var second = DesiredStateBuilder.Build(Service(), new ResolvedTaskDefinition("web", 2, TaskSpec("nginx:1.28")));

        second.Deployment!.Spec!.Selector.MatchLabels.ShouldBe(first.Deployment!.Spec!.Selector.MatchLabels);
        second.Service!.Spec!.Selector.ShouldBe(first.Service!.Spec!.Selector);
        first.Deployment.Spec.Template.Metadata!.Labels![Labels.Revision].ShouldBe("1");
        second.Deployment.Spec.Template.Metadata!.Labels![Labels.Revision].ShouldBe("2");
        DesiredStateJson.Hash(second.Deployment).ShouldNotBe(DesiredStateJson.Hash(first.Deployment));
    }

    [Fact]
    public void The_same_inputs_hash_the_same()
    {
        var first = DesiredStateBuilder.Build(Service(CpuScaling), new ResolvedTaskDefinition("web", 3, TaskSpec()));
        var second = DesiredStateBuilder.Build(Service(CpuScaling), new ResolvedTaskDefinition("web", 3, TaskSpec()));

        first.Objects().Select(DesiredStateJson.Hash).ShouldBe(second.Objects().Select(DesiredStateJson.Hash));
    }

    [Fact]
    public void Children_get_a_controller_owner_reference_only_when_an_owner_uid_is_given()
    {
        var offline = DesiredStateBuilder.Build(Service(CpuScaling), new ResolvedTaskDefinition("web", 1, TaskSpec()));
        var owned = DesiredStateBuilder.Build(Service(CpuScaling), new ResolvedTaskDefinition("web", 1, TaskSpec()), new BuildOptions { OwnerUid = "uid-1" });

        offline.Objects().ShouldAllBe(child => child.Metadata.OwnerReferences == null);
        foreach (var child in owned.Objects())
        {
            var owner = child.Metadata.OwnerReferences.ShouldHaveSingleItem();
            owner.Kind.ShouldBe("EcsService");
            owner.ApiVersion.ShouldBe("ecsbridge.io/v1alpha1");
            owner.Uid.ShouldBe("uid-1");
            owner.Controller.ShouldBe(true);
            owner.BlockOwnerDeletion.ShouldBe(true);
        }
    }

    [Fact]
    public void A_task_role_becomes_a_shared_ServiceAccount_that_every_service_of_the_family_owns_without_controlling()
    {
        var spec = TaskSpec() with { TaskRoleArn = "arn:aws:iam::123456789012:role/orders" };

        var offline = DesiredStateBuilder.Build(Service(), new ResolvedTaskDefinition("web", 1, spec));
        var owned = DesiredStateBuilder.Build(Service(), new ResolvedTaskDefinition("web", 1, spec), new BuildOptions { OwnerUid = "uid-1" });

        var account = owned.ServiceAccount.ShouldNotBeNull();
        owned.Objects()[0].ShouldBeSameAs(account);
        account.Metadata.Name.ShouldBe("web");
        account.Metadata.Namespace.ShouldBe("shop");
        account.Metadata.Annotations!["eks.amazonaws.com/role-arn"].ShouldBe("arn:aws:iam::123456789012:role/orders");
        account.Metadata.Labels.ShouldBe(new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "ecsbridge" });
        var owner = account.Metadata.OwnerReferences.ShouldHaveSingleItem();
        owner.Kind.ShouldBe("EcsService");
        owner.Uid.ShouldBe("uid-1");
        owner.Controller.ShouldBeNull();
        owned.Deployment!.Spec!.Template.Spec!.ServiceAccountName.ShouldBe("web");
        offline.ServiceAccount!.Metadata.OwnerReferences.ShouldBeNull();
        DesiredStateJson.Serialize(offline.ServiceAccount).ShouldStartWith("{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\"");
        DesiredStateBuilder.Build(Service(), new ResolvedTaskDefinition("web", 1, TaskSpec())).ServiceAccount.ShouldBeNull();
    }

    [Fact]
    public void The_hpa_api_version_comes_from_the_options()
    {
        var state = DesiredStateBuilder.Build(Service(CpuScaling), new ResolvedTaskDefinition("web", 1, TaskSpec()),
            new BuildOptions { HpaApiVersion = HorizontalPodAutoscaler.ApiVersionV2Beta2 });

        state.Hpa!.ApiVersion.ShouldBe("autoscaling/v2beta2");
        DesiredStateJson.Serialize(state.Hpa).ShouldStartWith("{\"apiVersion\":\"autoscaling/v2beta2\",\"kind\":\"HorizontalPodAutoscaler\"");
    }

    [Fact]
    public void Daemon_services_become_a_daemonset_and_no_deployment()
    {
        var service = Service() with { Spec = Service().Spec with { SchedulingStrategy = "DAEMON" } };

        var state = DesiredStateBuilder.Build(service, new ResolvedTaskDefinition("web", 1, TaskSpec()));

        state.Deployment.ShouldBeNull();
        state.DaemonSet.ShouldNotBeNull();
        state.Objects().Select(o => o.Kind).ShouldBe(["DaemonSet", "Service"]);
    }

    [Fact]
    public void A_task_without_ports_gets_no_service()
    {
        var spec = TaskSpec() with { ContainerDefinitions = [new ContainerDefinition { Name = "worker", Image = "worker:1" }] };

        var state = DesiredStateBuilder.Build(Service(), new ResolvedTaskDefinition("web", 1, spec));

        state.Service.ShouldBeNull();
    }

    [Fact]
    public void The_status_selector_is_the_pod_selector_in_text_form() =>
        DesiredStateBuilder.Build(Service(), new ResolvedTaskDefinition("web", 1, TaskSpec()))
            .Selector.ShouldBe("app.kubernetes.io/name=web,ecsbridge.io/service=web");

    [Fact]
    public void Serializing_an_object_that_is_not_a_child_kind_is_refused() =>
        Should.Throw<ArgumentException>(() => DesiredStateJson.Serialize(new Lease { Metadata = new ObjectMeta { Name = "x" } }));
}
