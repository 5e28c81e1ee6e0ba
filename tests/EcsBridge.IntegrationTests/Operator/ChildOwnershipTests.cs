using System.Text.Json.Nodes;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Watch;
using static EcsBridge.IntegrationTests.Infrastructure.Ecs;

namespace EcsBridge.IntegrationTests.Operator;

/// <summary>Issue 13, ownership: an object in a child's place that the EcsService does not control — made by hand,
/// with or without the managed-by label — is never written: the service reports Ready=False ChildConflict with a
/// Warning Event, the object stays byte-for-byte as it was (resourceVersion and managedFields included), deleting the
/// EcsService leaves it in place, and deleting it lets the service converge on its own.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class ChildOwnershipTests(ControlPlaneFixture fixture) : OperatorNamespaceTest(fixture, "own")
{
    private const string Name = "mine";
    private const string ManagedBy = "app.kubernetes.io/managed-by";
    private const string RoleArn = "arn:aws:iam::123456789012:role/mine";
    private const string Autoscaling =
        ""","autoScaling":{"minCapacity":1,"maxCapacity":3,"targetTrackingPolicies":[{"predefinedMetricType":"ECSServiceAverageCPUUtilization","targetValue":50}]}""";

    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var kind in new[] { "Deployment", "DaemonSet", "Service", "HorizontalPodAutoscaler", "ServiceAccount" })
        {
            data.Add(kind, false);
            data.Add(kind, true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_foreign_object_in_a_childs_place_is_never_written_and_survives_the_services_deletion(string kind, bool labelled)
    {
        var type = TypeOf(kind);
        await Admin.CreateAsync(type, Ns, Foreign(kind, labelled), KubeJsonContext.Default.JsonObject);
        // kube-controller-manager writes to it once or twice after the create; take the snapshot after those writes.
        var before = await WaitForAsync(Admin, type, Ns, Name, o => Settled(kind, o), $"foreign {kind} settled");

        // A task definition with a port mapping (→ a Service), a task role for the ServiceAccount case, DAEMON for the
        // DaemonSet case and autoscaling for the HPA case: the service wants a child where the foreign object is.
        var taskDefinition = TaskDefinition(Name, port: 5432);
        if (kind == "ServiceAccount")
        {
            taskDefinition = taskDefinition.Replace("\"containerDefinitions\"", $"\"taskRoleArn\":\"{RoleArn}\",\"containerDefinitions\"", StringComparison.Ordinal);
        }
        await ApplyAsync(Admin, Ns, taskDefinition);
        await ApplyAsync(Admin, Ns, Service(Name, Name, 1, kind switch
        {
            "DaemonSet" => ""","schedulingStrategy":"DAEMON" """,
            "HorizontalPodAutoscaler" => Autoscaling,
            _ => "",
        }));

        var conflicted = await WaitForAsync(Admin, OperatorResources.EcsServices, Ns, Name,
            s => Text(Condition(s, "Ready")?["reason"]) == "ChildConflict", "Ready=False ChildConflict");
        var ready = Condition(conflicted, "Ready")!;
        Text(ready["status"]).ShouldBe("False");
        var message = Text(ready["message"])!;
        message.ShouldContain($"{kind} {Ns}/{Name}");
        message.ShouldContain("Delete or rename that " + kind);
        if (labelled && kind != "ServiceAccount")
        {
            message.ShouldContain($"{ManagedBy}=ecsbridge but no controller reference");
        }
        await EventuallyAsync(async () =>
        {
            var events = await Admin.ListAsync(ResourceType.Events, Ns, KubeJsonContext.Default.JsonObject);
            return events.Items.FirstOrDefault(e => Text(e["reason"]) == "ChildConflict" && Text(e["type"]) == "Warning"
                && Text(e["involvedObject"]!["kind"]) == "EcsService" && Text(e["involvedObject"]!["name"]) == Name);
        }, "a Warning ChildConflict Event on the EcsService");

        // Retried with backoff (not terminal): wait for a few more reconciles, then the object is still untouched.
        await EventuallyAsync(() => Task.FromResult(Retries() >= 3 ? "retried" : null), "three retries with backoff");
        await AssertUnchangedAsync(type, before);
        // Nothing was written at all: no child of this service exists.
        (await GetAsync(Admin, ResourceType.Deployments, Ns, Name) is { } d && d["metadata"]?["ownerReferences"] is not null).ShouldBeFalse();

        // Deleting the EcsService: a canary it owns shows the garbage collector has processed the deletion.
        var uid = Text(conflicted["metadata"]!["uid"])!;
        await Admin.CreateAsync(ResourceType.ConfigMaps, Ns, new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject
            {
                ["name"] = Name + "-canary",
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "ecsbridge.io/v1alpha1", ["kind"] = "EcsService", ["name"] = Name, ["uid"] = uid,
                    ["controller"] = true, ["blockOwnerDeletion"] = true,
                }),
            },
        }, KubeJsonContext.Default.JsonObject);
        await Admin.DeleteAsync(OperatorResources.EcsServices, Ns, Name);
        await WaitGoneAsync(Admin, OperatorResources.EcsServices, Ns, Name);
        await WaitGoneAsync(Admin, ResourceType.ConfigMaps, Ns, Name + "-canary");
        await AssertUnchangedAsync(type, before);
    }

    [Fact]
    public async Task Deleting_the_foreign_object_lets_the_service_converge_with_no_change_to_the_EcsService()
    {
        await Admin.CreateAsync(ResourceType.Services, Ns, Foreign("Service", labelled: false), KubeJsonContext.Default.JsonObject);
        await ApplyAsync(Admin, Ns, TaskDefinition(Name, port: 5432));
        // No pods run on this control plane (no kubelet): with desiredCount 0 the rollout can complete, so Ready=True.
        await ApplyAsync(Admin, Ns, Service(Name, Name, 0));
        var conflicted = await WaitForAsync(Admin, OperatorResources.EcsServices, Ns, Name,
            s => Text(Condition(s, "Ready")?["reason"]) == "ChildConflict", "Ready=False ChildConflict");

        await Admin.DeleteAsync(ResourceType.Services, Ns, Name);

        var ready = await WaitForAsync(Admin, OperatorResources.EcsServices, Ns, Name,
            s => Text(Condition(s, "Ready")?["status"]) == "True", "Ready=True after the foreign Service is gone");
        ready["metadata"]!["generation"]!.GetValue<long>().ShouldBe(conflicted["metadata"]!["generation"]!.GetValue<long>());
        var uid = Text(ready["metadata"]!["uid"]);
        foreach (var type in new[] { ResourceType.Services, ResourceType.Deployments })
        {
            var child = await WaitForAsync(Admin, type, Ns, Name, _ => true, $"our {type.Kind}");
            var owner = child["metadata"]!["ownerReferences"]![0]!;
            Text(owner["uid"]).ShouldBe(uid);
            owner["controller"]!.GetValue<bool>().ShouldBeTrue();
        }
        var service = (await GetAsync(Admin, ResourceType.Services, Ns, Name))!;
        (service["spec"]!["ports"] as JsonArray)!.Select(p => p!["port"]!.GetValue<int>()).ShouldBe([5432]);
    }

    private int Retries() =>
        Operator!.Log.Since(DateTimeOffset.MinValue).Count(l => l.Contains($"ecsservice {Ns}/{Name} waits; retry", StringComparison.Ordinal));

    private async Task AssertUnchangedAsync(ResourceType type, JsonObject before)
    {
        var after = await GetAsync(Admin, type, Ns, Name);
        after.ShouldNotBeNull($"the foreign {type.Kind} was deleted");
        Text(after["metadata"]!["resourceVersion"]).ShouldBe(Text(before["metadata"]!["resourceVersion"]));
        after.ToJsonString().ShouldBe(before.ToJsonString(), $"the foreign {type.Kind} changed");
    }

    /// <summary>The foreign object after kube-controller-manager's own writes, which stop there on this control plane (no
    /// kubelet or scheduler: pods stay pending; the HPA's target does not exist): the Deployment's status counts its
    /// pending pod, the DaemonSet's status has observed it (no nodes), the HPA carries its conditions, the
    /// ServiceAccount its token secret; nothing writes to a Service.</summary>
    private static bool Settled(string kind, JsonObject o)
    {
        var generation = o["metadata"]?["generation"]?.GetValue<long>();
        var status = o["status"];
        return kind switch
        {
            "Deployment" => status?["observedGeneration"]?.GetValue<long>() == generation && status?["replicas"]?.GetValue<int>() == 1
                && status?["unavailableReplicas"]?.GetValue<int>() == 1 && status?["conditions"] is JsonArray { Count: 2 },
            "DaemonSet" => status?["observedGeneration"]?.GetValue<long>() == generation,
            "HorizontalPodAutoscaler" => status?["conditions"] is JsonArray { Count: > 0 },
            "ServiceAccount" => o["secrets"] is JsonArray { Count: > 0 },
            _ => true,
        };
    }

    private static ResourceType TypeOf(string kind) => kind switch
    {
        "Deployment" => ResourceType.Deployments,
        "DaemonSet" => OperatorResources.DaemonSets,
        "Service" => ResourceType.Services,
        "HorizontalPodAutoscaler" => ResourceType.HorizontalPodAutoscalersV2Beta2,
        _ => ResourceType.ServiceAccounts,
    };

    /// <summary>What a user might have made by hand (kubectl create …): not ours, optionally carrying our label.</summary>
    private static JsonObject Foreign(string kind, bool labelled)
    {
        var metadata = new JsonObject { ["name"] = Name };
        if (labelled)
        {
            metadata["labels"] = new JsonObject { [ManagedBy] = "ecsbridge", ["owner"] = "user" };
        }
        var template = JsonNode.Parse("""
            {"metadata":{"labels":{"app":"user-mine"}},"spec":{"containers":[{"name":"user","image":"postgres:16","ports":[{"containerPort":5432}]}]}}
            """);
        var selector = JsonNode.Parse("""{"matchLabels":{"app":"user-mine"}}""");
        return kind switch
        {
            "Deployment" => new JsonObject
            {
                ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["metadata"] = metadata,
                ["spec"] = new JsonObject { ["replicas"] = 1, ["selector"] = selector, ["template"] = template },
            },
            "DaemonSet" => new JsonObject
            {
                ["apiVersion"] = "apps/v1", ["kind"] = "DaemonSet", ["metadata"] = metadata,
                ["spec"] = new JsonObject { ["selector"] = selector, ["template"] = template },
            },
            "Service" => new JsonObject
            {
                ["apiVersion"] = "v1", ["kind"] = "Service", ["metadata"] = metadata,
                ["spec"] = JsonNode.Parse("""{"type":"ClusterIP","selector":{"app":"user-mine"},"ports":[{"name":"5432-5432","port":5432,"targetPort":5432,"protocol":"TCP"}]}"""),
            },
            "HorizontalPodAutoscaler" => new JsonObject
            {
                ["apiVersion"] = "autoscaling/v2beta2", ["kind"] = "HorizontalPodAutoscaler", ["metadata"] = metadata,
                ["spec"] = JsonNode.Parse("""
                    {"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"user-db"},"minReplicas":1,"maxReplicas":2,
                     "metrics":[{"type":"Resource","resource":{"name":"memory","target":{"type":"Utilization","averageUtilization":70}}}]}
                    """),
            },
            _ => new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ServiceAccount", ["metadata"] = metadata },
        };
    }
}
