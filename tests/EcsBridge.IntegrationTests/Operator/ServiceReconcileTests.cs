using System.Text.Json.Nodes;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Watch;
using static EcsBridge.IntegrationTests.Infrastructure.Ecs;

namespace EcsBridge.IntegrationTests.Operator;

/// <summary>The reconciler against the real control plane (kube-controller-manager running): mapping, healing,
/// autoscaler hand-off, revisions, missing references, cascading deletion.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class ServiceReconcileTests(ControlPlaneFixture fixture) : OperatorNamespaceTest(fixture, "op")
{
    private Task<JsonObject> Deployment(string name, Func<JsonObject, bool> predicate, string what) =>
        WaitForAsync(Admin, ResourceType.Deployments, Ns, name, predicate, what);

    [Fact]
    public async Task The_web_sample_becomes_a_Deployment_Service_and_HPA_with_the_mapped_fields()
    {
        var yaml = await File.ReadAllTextAsync(Path.Combine(Fixture.RepositoryRoot, "config", "samples", "ecsbridge.io_v1alpha1_web.yaml"));
        foreach (var document in CrdInstaller.ReadYamlDocuments(yaml))
        {
            await ApplyAsync(Admin, Ns, document.ToJsonString());
        }

        var deployment = await Deployment("web", d => d["spec"]?["template"] is not null, "web Deployment");
        var container = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Text(container["name"]).ShouldBe("nginx");
        Text(container["image"]).ShouldBe("nginx:1.27");
        Text(container["resources"]!["requests"]!["cpu"]).ShouldBe("250m");
        Text(container["resources"]!["requests"]!["memory"]).ShouldBe("256Mi");
        Text(container["resources"]!["limits"]!["memory"]).ShouldBe("512Mi");
        container["resources"]!["limits"]!["cpu"].ShouldBeNull();
        container["ports"]![0]!["containerPort"]!.GetValue<int>().ShouldBe(80);
        Text(container["livenessProbe"]!["exec"]!["command"]![0]).ShouldBe("/bin/sh");
        container["livenessProbe"]!["periodSeconds"]!.GetValue<int>().ShouldBe(15);
        // ECS: checks every 15 s, the first at 15 s already past startPeriod 10, so 3 failures make a container that
        // never passes UNHEALTHY at 45 s, beyond the 30 s grace: 45 / 15 = 3 intervals, +1 because Kubernetes may
        // probe right at start → 4. Liveness would skip until 30 − 2 × 15 = 0 s: no delay.
        container["livenessProbe"]!["initialDelaySeconds"].ShouldBeNull();
        container["startupProbe"]!["failureThreshold"]!.GetValue<int>().ShouldBe(4);
        container["startupProbe"]!["periodSeconds"]!.GetValue<int>().ShouldBe(15);
        deployment["spec"]!["template"]!["spec"]!["terminationGracePeriodSeconds"]!.GetValue<int>().ShouldBe(20);
        // Autoscaling is on: replicas belong to the HPA (defaulted by the server, never set by the operator's apply).
        deployment["spec"]!["strategy"]!["type"]!.GetValue<string>().ShouldBe("RollingUpdate");
        deployment["spec"]!["progressDeadlineSeconds"]!.GetValue<int>().ShouldBe(600);
        var labels = deployment["metadata"]!["labels"]!;
        Text(labels["app.kubernetes.io/managed-by"]).ShouldBe("ecsbridge");
        Text(labels["ecsbridge.io/service"]).ShouldBe("web");
        Text(labels["ecsbridge.io/task-definition"]).ShouldBe("web");
        Text(labels["ecsbridge.io/revision"]).ShouldBe("1");
        var owner = deployment["metadata"]!["ownerReferences"]![0]!;
        Text(owner["kind"]).ShouldBe("EcsService");
        owner["controller"]!.GetValue<bool>().ShouldBeTrue();
        owner["blockOwnerDeletion"]!.GetValue<bool>().ShouldBeTrue();

        var service = await WaitForAsync(Admin, ResourceType.Services, Ns, "web", _ => true, "web Service");
        Text(service["spec"]!["type"]).ShouldBe("LoadBalancer");
        service["spec"]!["ports"]![0]!["port"]!.GetValue<int>().ShouldBe(80);

        var hpa = await WaitForAsync(Admin, ResourceType.HorizontalPodAutoscalersV2Beta2, Ns, "web", _ => true, "web HPA");
        hpa["spec"]!["minReplicas"]!.GetValue<int>().ShouldBe(2);
        hpa["spec"]!["maxReplicas"]!.GetValue<int>().ShouldBe(10);
        Text(hpa["spec"]!["metrics"]![0]!["resource"]!["name"]).ShouldBe("cpu");

        var status = await WaitForAsync(Admin, OperatorResources.EcsServices, Ns, "web", s => s["status"]?["observedGeneration"] is not null, "web status");
        Text(status["status"]!["taskDefinition"]).ShouldBe("web:1");
        Text(status["status"]!["selector"]).ShouldBe("app.kubernetes.io/name=web,ecsbridge.io/service=web");
        Condition(status, "Ready").ShouldNotBeNull();
        Text(Condition(status, "Degraded")!["status"]).ShouldBe("False");
    }

    [Fact]
    public async Task A_child_deleted_or_edited_by_hand_is_restored()
    {
        await ApplyAsync(Admin, Ns, TaskDefinition("heal"));
        await ApplyAsync(Admin, Ns, Service("heal", "heal", 2));
        var first = await Deployment("heal", _ => true, "heal Deployment");

        await Admin.DeleteAsync(ResourceType.Deployments, Ns, "heal");
        await Deployment("heal", d => Text(d["metadata"]!["uid"]) != Text(first["metadata"]!["uid"]), "heal Deployment recreated");

        // Another field manager changes the image and the replica count the operator owns.
        var edit = new JsonObject
        {
            ["apiVersion"] = "apps/v1", ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = "heal", ["namespace"] = Ns },
            ["spec"] = JsonNode.Parse("""{"replicas":7,"template":{"spec":{"containers":[{"name":"app","image":"evil:latest"}]}}}"""),
        };
        await Admin.ApplyAsync(ResourceType.Deployments, Ns, "heal", edit, KubeJsonContext.Default.JsonObject, new ApplyOptions { FieldManager = "intruder", Force = true });
        await Deployment("heal", d => Text(d["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]) == "nginx:1.27" && d["spec"]!["replicas"]!.GetValue<int>() == 2,
            "heal Deployment restored to image nginx:1.27 and 2 replicas");

        await Admin.DeleteAsync(ResourceType.Services, Ns, "heal");
        await WaitForAsync(Admin, ResourceType.Services, Ns, "heal", _ => true, "heal Service recreated");
    }

    [Fact]
    public async Task Autoscaling_takes_over_replicas_without_a_reset_and_gives_them_back_when_removed()
    {
        await ApplyAsync(Admin, Ns, TaskDefinition("scale"));
        await ApplyAsync(Admin, Ns, Service("scale", "scale", 3));
        await Deployment("scale", d => d["spec"]!["replicas"]!.GetValue<int>() == 3, "3 replicas");

        await ApplyAsync(Admin, Ns, Service("scale", "scale", 3,
            ""","autoScaling":{"minCapacity":2,"maxCapacity":6,"targetTrackingPolicies":[{"predefinedMetricType":"ECSServiceAverageCPUUtilization","targetValue":50}]}"""));
        await WaitForAsync(Admin, ResourceType.HorizontalPodAutoscalersV2Beta2, Ns, "scale", _ => true, "HPA created");
        var handedOff = await Deployment("scale", d => d["metadata"]!["annotations"]?["ecsbridge.io/applied-hash"] is not null
            && !OwnsReplicas(d, "ecsbridge"), "replicas no longer owned by ecsbridge");
        // Never reset to 1 on the way: the hand-off manager holds the count until the HPA writes it.
        handedOff["spec"]!["replicas"]!.GetValue<int>().ShouldBe(3);

        // The autoscaler (any other writer of /scale) changes replicas; the operator leaves them alone.
        await Admin.PatchAsync(ResourceType.Deployments, Ns, "scale", PatchType.Merge, """{"spec":{"replicas":5}}""", KubeJsonContext.Default.JsonObject, subresource: "scale");
        await Task.Delay(2000);
        (await GetAsync(Admin, ResourceType.Deployments, Ns, "scale"))!["spec"]!["replicas"]!.GetValue<int>().ShouldBe(5);

        // Autoscaling removed: the HPA goes and desiredCount rules again.
        await ApplyAsync(Admin, Ns, Service("scale", "scale", 4));
        await WaitGoneAsync(Admin, ResourceType.HorizontalPodAutoscalersV2Beta2, Ns, "scale");
        await Deployment("scale", d => d["spec"]!["replicas"]!.GetValue<int>() == 4, "replicas back to desiredCount 4");
    }

    private static bool OwnsReplicas(JsonObject deployment, string manager) =>
        (deployment["metadata"]!["managedFields"] as JsonArray)!.OfType<JsonObject>()
            .Any(m => Text(m["manager"]) == manager && m["fieldsV1"]?["f:spec"]?["f:replicas"] is not null);

    [Fact]
    public async Task A_service_following_the_family_rolls_forward_while_a_pinned_one_stays()
    {
        await ApplyAsync(Admin, Ns, TaskDefinition("rev", "nginx:1.26"));
        await ApplyAsync(Admin, Ns, Service("follow", "rev"));
        await Deployment("follow", d => Text(d["metadata"]!["labels"]!["ecsbridge.io/revision"]) == "1", "follow at revision 1");
        await ApplyAsync(Admin, Ns, Service("pinned", "rev:1"));
        await Deployment("pinned", d => Text(d["metadata"]!["labels"]!["ecsbridge.io/revision"]) == "1", "pinned at revision 1");

        await ApplyAsync(Admin, Ns, TaskDefinition("rev", "nginx:1.27"));
        var td = await WaitForAsync(Admin, OperatorResources.EcsTaskDefinitions, Ns, "rev", t => t["status"]?["revision"]?.GetValue<int>() == 2, "revision 2 recorded");
        (td["status"]!["history"] as JsonArray)!.Count.ShouldBe(2);
        await WaitForAsync(Admin, OperatorResources.ControllerRevisions, Ns, "rev-2", _ => true, "ControllerRevision rev-2");

        await Deployment("follow", d => Text(d["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]) == "nginx:1.27"
            && Text(d["metadata"]!["labels"]!["ecsbridge.io/revision"]) == "2", "follow moved to revision 2");
        await Task.Delay(1500);
        var pinned = (await GetAsync(Admin, ResourceType.Deployments, Ns, "pinned"))!;
        Text(pinned["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]).ShouldBe("nginx:1.26");

        // Re-applying an unchanged spec records no revision.
        await ApplyAsync(Admin, Ns, TaskDefinition("rev", "nginx:1.27"));
        await Task.Delay(1000);
        (await GetAsync(Admin, OperatorResources.EcsTaskDefinitions, Ns, "rev"))!["status"]!["revision"]!.GetValue<int>().ShouldBe(2);
    }

    [Fact]
    public async Task A_missing_task_definition_is_a_condition_until_it_appears()
    {
        await ApplyAsync(Admin, Ns, Service("waits", "later"));
        var waiting = await WaitForAsync(Admin, OperatorResources.EcsServices, Ns, "waits",
            s => Text(Condition(s, "Ready")?["reason"]) == "TaskDefinitionNotFound", "TaskDefinitionNotFound condition");
        Text(Condition(waiting, "Degraded")!["status"]).ShouldBe("True");
        Text(Condition(waiting, "Ready")!["message"])!.ShouldContain("later");
        (await GetAsync(Admin, ResourceType.Deployments, Ns, "waits")).ShouldBeNull();
        await EventuallyAsync(async () =>
        {
            var events = await Admin.ListAsync(ResourceType.Events, Ns, KubeJsonContext.Default.JsonObject);
            return events.Items.Any(e => Text(e["reason"]) == "TaskDefinitionNotFound" && Text(e["involvedObject"]!["name"]) == "waits") ? "event" : null;
        }, "TaskDefinitionNotFound event");

        await ApplyAsync(Admin, Ns, TaskDefinition("later"));
        await Deployment("waits", _ => true, "Deployment once the task definition exists");
        await WaitForAsync(Admin, OperatorResources.EcsServices, Ns, "waits", s => Text(Condition(s, "Degraded")?["status"]) == "False", "Degraded cleared");
    }

    [Fact]
    public async Task A_bad_service_gets_a_clear_condition_and_does_not_stop_the_others()
    {
        await ApplyAsync(Admin, Ns, TaskDefinition("good"));
        // The load balancer names a container the task definition does not have.
        await ApplyAsync(Admin, Ns, Service("bad", "good", 1, ""","loadBalancers":[{"containerName":"nope","containerPort":80}]"""));
        await ApplyAsync(Admin, Ns, Service("fine", "good", 1));

        var bad = await WaitForAsync(Admin, OperatorResources.EcsServices, Ns, "bad", s => Text(Condition(s, "Ready")?["reason"]) == "ValidationFailed", "ValidationFailed");
        Text(Condition(bad, "Ready")!["message"])!.ShouldContain("loadBalancers");
        (await GetAsync(Admin, ResourceType.Deployments, Ns, "bad")).ShouldBeNull();
        await Deployment("fine", _ => true, "the good service still converges");
    }

    [Fact]
    public async Task Deleting_the_service_deletes_its_children()
    {
        await ApplyAsync(Admin, Ns, TaskDefinition("gone"));
        await ApplyAsync(Admin, Ns, Service("gone", "gone", 1,
            ""","autoScaling":{"minCapacity":1,"maxCapacity":3,"targetTrackingPolicies":[{"predefinedMetricType":"ECSServiceAverageCPUUtilization","targetValue":50}]}"""));
        await Deployment("gone", _ => true, "Deployment");
        await WaitForAsync(Admin, ResourceType.Services, Ns, "gone", _ => true, "Service");
        await WaitForAsync(Admin, ResourceType.HorizontalPodAutoscalersV2Beta2, Ns, "gone", _ => true, "HPA");

        await Admin.DeleteAsync(OperatorResources.EcsServices, Ns, "gone");
        await WaitGoneAsync(Admin, ResourceType.Deployments, Ns, "gone");
        await WaitGoneAsync(Admin, ResourceType.Services, Ns, "gone");
        await WaitGoneAsync(Admin, ResourceType.HorizontalPodAutoscalersV2Beta2, Ns, "gone");
    }

    [Fact]
    public async Task A_deleted_service_held_by_a_finalizer_is_DRAINING_until_it_goes()
    {
        // The operator holds no finalizer of its own: someone else's (here the test's) keeps the deleted object visible.
        await ApplyAsync(Admin, Ns, TaskDefinition("drain"));
        await ApplyAsync(Admin, Ns, Service("drain", "drain", 1));
        await WaitForAsync(Admin, OperatorResources.EcsServices, Ns, "drain",
            s => Text(s["status"]?["status"]) == "ACTIVE" && s["status"]?["observedGeneration"] is not null, "status ACTIVE");
        await Admin.PatchAsync(OperatorResources.EcsServices, Ns, "drain", PatchType.Merge,
            """{"metadata":{"finalizers":["test.ecsbridge.io/hold"]}}""", KubeJsonContext.Default.JsonObject);

        await Admin.DeleteAsync(OperatorResources.EcsServices, Ns, "drain");
        var draining = await WaitForAsync(Admin, OperatorResources.EcsServices, Ns, "drain",
            s => Text(s["status"]?["status"]) == "DRAINING", "status DRAINING while the finalizer holds it");
        Text(draining["status"]!["taskDefinition"]).ShouldBe("drain:1");

        await Admin.PatchAsync(OperatorResources.EcsServices, Ns, "drain", PatchType.Merge,
            """{"metadata":{"finalizers":null}}""", KubeJsonContext.Default.JsonObject);
        await WaitGoneAsync(Admin, OperatorResources.EcsServices, Ns, "drain");
        await WaitGoneAsync(Admin, ResourceType.Deployments, Ns, "drain");
    }

    [Fact]
    public async Task A_task_role_becomes_a_ServiceAccount_with_the_IRSA_annotation()
    {
        var td = TaskDefinition("role").Replace("\"containerDefinitions\"", "\"taskRoleArn\":\"arn:aws:iam::123456789012:role/orders\",\"containerDefinitions\"");
        await ApplyAsync(Admin, Ns, td);
        await ApplyAsync(Admin, Ns, Service("role", "role"));
        var deployment = await Deployment("role", _ => true, "role Deployment");
        Text(deployment["spec"]!["template"]!["spec"]!["serviceAccountName"]).ShouldBe("role");
        var account = await WaitForAsync(Admin, ResourceType.ServiceAccounts, Ns, "role", _ => true, "ServiceAccount role");
        Text(account["metadata"]!["annotations"]!["eks.amazonaws.com/role-arn"]).ShouldBe("arn:aws:iam::123456789012:role/orders");
        Text(account["metadata"]!["ownerReferences"]![0]!["kind"]).ShouldBe("EcsService");
    }
}
