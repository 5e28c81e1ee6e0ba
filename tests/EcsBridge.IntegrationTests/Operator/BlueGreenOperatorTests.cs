using System.Text.Json.Nodes;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Watch;
using static EcsBridge.IntegrationTests.Infrastructure.Ecs;

namespace EcsBridge.IntegrationTests.Operator;

/// <summary>BLUE_GREEN against the real control plane without a node (no task becomes ready, so no switch happens
/// here; Node/BlueGreenTests covers the switch, the bake and the rollback): the objects each stage creates, a revision
/// replaced mid-deployment, deletion, and LINEAR/CANARY rolling with a note.</summary>
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
    [InlineData("LINEAR")]
    [InlineData("CANARY")]
    public async Task LINEAR_and_CANARY_roll_and_say_so(string strategy)
    {
        // Not implemented yet: a service that ran with them before keeps running (one rolling Deployment), and its
        // Translated condition says that traffic is not shifted in steps.
        var name = strategy.ToLowerInvariant();
        await ApplyAsync(Admin, Ns, TaskDefinition(name));
        await ApplyAsync(Admin, Ns, Service(name, name, 1, $$""","deploymentConfiguration":{"strategy":"{{strategy}}"}"""));
        var rolled = await WaitForAsync(Admin, OperatorResources.EcsServices, Ns, name,
            s => Text(Condition(s, "Translated")?["message"])?.Contains($"{strategy} deployments are not implemented yet; the service rolls instead", StringComparison.Ordinal) == true,
            "a Translated note that the service rolls");
        Text(Condition(rolled, "Ready")?["reason"]).ShouldNotBe("ValidationFailed");
        var deployment = await WaitForAsync(Admin, ResourceType.Deployments, Ns, name, _ => true, "the rolling Deployment");
        Text(deployment["spec"]?["strategy"]?["type"]).ShouldBe("RollingUpdate");
        (await GetAsync(Admin, ResourceType.Services, Ns, name + "-test")).ShouldBeNull("no test Service outside BLUE_GREEN");
    }
}
