using System.Text.Json.Nodes;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Watch;
using static EcsBridge.IntegrationTests.Infrastructure.Ecs;

namespace EcsBridge.IntegrationTests.Operator;

/// <summary>BLUE_GREEN against the real control plane without a node (no task becomes ready, so no switch happens
/// here; Node/BlueGreenTests covers the switch, the bake and the rollback): the objects each stage creates, a revision
/// replaced mid-deployment, deletion; and the first LINEAR/CANARY step.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class BlueGreenOperatorTests(ControlPlaneFixture fixture) : OperatorNamespaceTest(fixture, "bg")
{
    private const string BlueGreen = ""","deploymentConfiguration":{"strategy":"BLUE_GREEN","bakeTimeInMinutes":5}""";

    private static string? Selected(JsonObject service) => Text(service["spec"]?["selector"]?["ecsbridge.io/revision"]);

    [Fact]
    public async Task Each_revision_gets_its_own_Deployment_the_test_Service_selects_the_new_one_and_production_stays_until_it_is_ready()
    {
        await ApplyAsync(Admin, Ns, TaskDefinition("web", "nginx:1.26"));
        await ApplyAsync(Admin, Ns, Service("web", "web", 2, BlueGreen));

        // The first revision: its own Deployment, both Services select it.
        var first = await WaitForAsync(Admin, ResourceType.Deployments, Ns, "web-web-1", d => d["spec"] is not null, "Deployment web-web-1");
        first["spec"]!["replicas"]!.GetValue<int>().ShouldBe(2);
        Text(first["spec"]!["selector"]!["matchLabels"]!["ecsbridge.io/revision"]).ShouldBe("1");
        (await GetAsync(Admin, ResourceType.Deployments, Ns, "web")).ShouldBeNull("no ROLLING Deployment under BLUE_GREEN");
        await WaitForAsync(Admin, ResourceType.Services, Ns, "web", s => Selected(s) == "1", "production Service on revision 1");
        var test = await WaitForAsync(Admin, ResourceType.Services, Ns, "web-test", s => Selected(s) == "1", "test Service on revision 1");
        Text(test["spec"]!["type"]).ShouldBe("ClusterIP");
        Text(test["metadata"]!["ownerReferences"]![0]!["kind"]).ShouldBe("EcsService");
        await WaitForAsync(Admin, OperatorResources.EcsServices, Ns, "web",
            s => Text(s["status"]?["deploymentStrategy"]?["type"]) == "BLUE_GREEN" && Text(s["status"]?["deploymentStrategy"]?["productionWorkload"]) == "web-web-1",
            "status.deploymentStrategy");

        // A second revision: green beside blue, production stays on blue (no task is ready without a node).
        await ApplyAsync(Admin, Ns, TaskDefinition("web", "nginx:1.27"));
        await WaitForAsync(Admin, ResourceType.Deployments, Ns, "web-web-2", d => d["spec"] is not null, "Deployment web-web-2");
        await WaitForAsync(Admin, ResourceType.Services, Ns, "web-test", s => Selected(s) == "2", "test Service on revision 2");
        var scaling = await WaitForAsync(Admin, OperatorResources.EcsServices, Ns, "web",
            s => Text(s["status"]?["deploymentStrategy"]?["lifecycleStage"]) == "SCALE_UP" && (s["status"]?["deployments"] as JsonArray)?.Count == 2,
            "SCALE_UP with two deployments");
        scaling["status"]!["deploymentStrategy"]!["trafficPercent"]!.GetValue<int>().ShouldBe(0);
        scaling["status"]!["deployments"]!.AsArray().OfType<JsonObject>().Select(d => (Text(d["taskDefinition"]), Text(d["status"])))
            .ShouldBe([("web:2", "PRIMARY"), ("web:1", "ACTIVE")], ignoreOrder: true);
        Selected((await GetAsync(Admin, ResourceType.Services, Ns, "web"))!).ShouldBe("1");
        (await GetAsync(Admin, ResourceType.Deployments, Ns, "web-web-1")).ShouldNotBeNull();

        // A third revision before the second took traffic: the second goes at once, blue stays in production.
        await ApplyAsync(Admin, Ns, TaskDefinition("web", "nginx:1.28"));
        await WaitForAsync(Admin, ResourceType.Deployments, Ns, "web-web-3", d => d["spec"] is not null, "Deployment web-web-3");
        await WaitGoneAsync(Admin, ResourceType.Deployments, Ns, "web-web-2");
        await WaitForAsync(Admin, ResourceType.Services, Ns, "web-test", s => Selected(s) == "3", "test Service on revision 3");
        Selected((await GetAsync(Admin, ResourceType.Services, Ns, "web"))!).ShouldBe("1");
        (await GetAsync(Admin, ResourceType.Deployments, Ns, "web-web-1")).ShouldNotBeNull("blue keeps serving until a revision is ready");

        // Deleting the service deletes every revision's Deployment and both Services.
        await Admin.DeleteAsync(OperatorResources.EcsServices, Ns, "web");
        await WaitGoneAsync(Admin, ResourceType.Deployments, Ns, "web-web-1");
        await WaitGoneAsync(Admin, ResourceType.Deployments, Ns, "web-web-3");
        await WaitGoneAsync(Admin, ResourceType.Services, Ns, "web-test");
        await WaitGoneAsync(Admin, ResourceType.Services, Ns, "web");
    }

    [Theory]
    [InlineData("LINEAR", ""","linearConfiguration":{"stepPercent":50,"stepBakeTimeInMinutes":1}""", 2)]
    [InlineData("CANARY", ""","canaryConfiguration":{"canaryPercent":25,"canaryBakeTimeInMinutes":1}""", 1)]
    public async Task LINEAR_and_CANARY_start_the_first_step_beside_the_old_revision_and_production_selects_both(string strategy, string settings, int firstStepTasks)
    {
        // Without a node no task becomes ready, so the first step's tasks start and the old revision keeps all 4 of
        // its own (Node/TrafficShiftTests covers the shares, the steps and the rollback with real traffic).
        var name = strategy.ToLowerInvariant();
        var old = $"{name}-{name}-1";
        var next = $"{name}-{name}-2";
        await ApplyAsync(Admin, Ns, TaskDefinition(name, "nginx:1.26"));
        await ApplyAsync(Admin, Ns, Service(name, name, 4, $$""","deploymentConfiguration":{"strategy":"{{strategy}}","bakeTimeInMinutes":1{{settings}}}"""));

        var first = await WaitForAsync(Admin, ResourceType.Deployments, Ns, old, d => d["spec"] is not null, $"Deployment {old}");
        first["spec"]!["replicas"]!.GetValue<int>().ShouldBe(4);
        Text(first["spec"]!["selector"]!["matchLabels"]!["ecsbridge.io/revision"]).ShouldBe("1");
        (await GetAsync(Admin, ResourceType.Deployments, Ns, name)).ShouldBeNull($"no ROLLING Deployment under {strategy}");
        var noted = await WaitForAsync(Admin, OperatorResources.EcsServices, Ns, name,
            s => Text(Condition(s, "Translated")?["message"])?.Contains($"{strategy} shifts traffic by the ratio of ready tasks", StringComparison.Ordinal) == true,
            "a Translated note on the share by ready tasks");
        Text(Condition(noted, "Ready")?["reason"]).ShouldNotBe("ValidationFailed");

        // The second revision: its first step's tasks beside the old revision, which keeps its size until they are ready.
        await ApplyAsync(Admin, Ns, TaskDefinition(name, "nginx:1.27"));
        var second = await WaitForAsync(Admin, ResourceType.Deployments, Ns, next, d => d["spec"] is not null, $"Deployment {next}");
        second["spec"]!["replicas"]!.GetValue<int>().ShouldBe(firstStepTasks);
        Text(second["spec"]!["selector"]!["matchLabels"]!["ecsbridge.io/revision"]).ShouldBe("2");
        Text(second["metadata"]!["annotations"]!["ecsbridge.io/traffic-step"]).ShouldBe("0");
        Text(second["metadata"]!["annotations"]!["ecsbridge.io/traffic-shift-from"]).ShouldBe(old);
        (await GetAsync(Admin, ResourceType.Deployments, Ns, old))!["spec"]!["replicas"]!.GetValue<int>().ShouldBe(4);

        var status = await WaitForAsync(Admin, OperatorResources.EcsServices, Ns, name,
            s => Text(s["status"]?["deploymentStrategy"]?["lifecycleStage"]) == "SCALE_UP" && (s["status"]?["deployments"] as JsonArray)?.Count == 2,
            "SCALE_UP with two deployments");
        var shift = status["status"]!["deploymentStrategy"]!;
        Text(shift["type"]).ShouldBe(strategy);
        shift["stepPercent"]!.GetValue<double>().ShouldBe(strategy == "LINEAR" ? 50 : 25);
        shift["trafficPercent"]!.GetValue<int>().ShouldBe(0);
        Text(shift["productionWorkload"]).ShouldBe(old);
        status["status"]!["desiredCount"]!.GetValue<int>().ShouldBe(4);
        status["status"]!["deployments"]!.AsArray().OfType<JsonObject>().Select(d => (Text(d["taskDefinition"]), Text(d["status"])))
            .ShouldBe([($"{name}:2", "PRIMARY"), ($"{name}:1", "ACTIVE")], ignoreOrder: true);
        Text(status["status"]!["deployments"]!.AsArray().OfType<JsonObject>().Single(d => Text(d["status"]) == "PRIMARY")["rolloutStateReason"])
            .ShouldStartWith($"{strategy} step of {(strategy == "LINEAR" ? 50 : 25)} %");

        // Production selects every task of the service, of both revisions: the split is by ready tasks.
        var production = (await GetAsync(Admin, ResourceType.Services, Ns, name))!;
        Selected(production).ShouldBeNull();
        Text(production["spec"]!["selector"]!["app.kubernetes.io/name"]).ShouldBe(name);
        // The test Service reaches the new revision's tasks only.
        Selected(await WaitForAsync(Admin, ResourceType.Services, Ns, name + "-test", s => Selected(s) == "2", "the test Service on revision 2")).ShouldBe("2");
        Text(shift["testService"]).ShouldBe(name + "-test");
        await EventuallyAsync(async () =>
        {
            var events = await Admin.ListAsync(ResourceType.Events, Ns, KubeJsonContext.Default.JsonObject);
            return events.Items.FirstOrDefault(e => Text(e["reason"]) == "TrafficShiftStep" && Text(e["involvedObject"]!["name"]) == name
                && Text(e["message"])?.StartsWith($"{strategy} step of {(strategy == "LINEAR" ? 50 : 25)} %", StringComparison.Ordinal) == true);
        }, "a TrafficShiftStep Event");

        // Deleting the service mid-shift deletes both revisions' Deployments and the Service (owner references).
        await Admin.DeleteAsync(OperatorResources.EcsServices, Ns, name);
        await WaitGoneAsync(Admin, ResourceType.Deployments, Ns, old);
        await WaitGoneAsync(Admin, ResourceType.Deployments, Ns, next);
        await WaitGoneAsync(Admin, ResourceType.Services, Ns, name);
    }
}
