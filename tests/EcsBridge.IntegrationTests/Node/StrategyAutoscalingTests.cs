using System.Text.Json.Nodes;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Watch;
using Xunit.Abstractions;
using static EcsBridge.IntegrationTests.Infrastructure.Ecs;
using static EcsBridge.IntegrationTests.Node.NodeTasks;
using static EcsBridge.IntegrationTests.Node.WebRevisions;

namespace EcsBridge.IntegrationTests.Node;

/// <summary>Issue 18: autoScaling under BLUE_GREEN on the real node. Between deployments the HPA scales the production
/// revision's Deployment; a scale-out (made here through the scale subresource, as the HPA controller writes it: the
/// node has no metrics server) is kept; a deployment removes the HPA, starts the new revision at that count, and the
/// HPA returns on the new revision's Deployment once the old one is gone.</summary>
[Collection(NodeCollection.Name)]
public sealed class StrategyAutoscalingTests(NodeFixture fixture, ITestOutputHelper output)
{
    private const int Cpu = 32;

    private const string AutoscaledService = """
        {"apiVersion":"ecsbridge.io/v1alpha1","kind":"EcsService","metadata":{"name":"web"},
         "spec":{"taskDefinition":"web","desiredCount":1,
           "deploymentConfiguration":{"strategy":"BLUE_GREEN","bakeTimeInMinutes":0},
           "autoScaling":{"minCapacity":2,"maxCapacity":4,
             "targetTrackingPolicies":[{"predefinedMetricType":"ECSServiceAverageCPUUtilization","targetValue":50}]}} }
        """;

    [Fact]
    public async Task The_HPA_scales_the_production_revision_between_deployments_and_a_deployment_starts_at_its_count()
    {
        var ns = await fixture.CreateNamespaceAsync("bg-hpa");
        using var admin = fixture.CreateAdminClient();
        var op = await OperatorHarness.StartAsync(fixture, [ns]);
        try
        {
            await ApplyAsync(admin, ns, Revision("v1", Cpu));
            await ApplyAsync(admin, ns, AutoscaledService);
            var hpa = await WaitForAsync(admin, ResourceType.HorizontalPodAutoscalersV2Beta2, ns, "web",
                h => Text(h["spec"]?["scaleTargetRef"]?["name"]) == "web-web-1", "the HPA on web-web-1", 60);
            Text(hpa["spec"]!["scaleTargetRef"]!["kind"]).ShouldBe("Deployment");
            await WaitForAsync(admin, OperatorResources.EcsServices, ns, "web",
                s => Text(Primary(s)?["rolloutState"]) == "COMPLETED" && s["status"]?["runningCount"]?.GetValue<int>() == 2,
                "web:1 COMPLETED with minCapacity (2) running", 180);

            // A scale-out, written where the HPA controller writes it; the operator leaves the count alone.
            await ScaleAsync(admin, ns, "web-web-1", 3);
            await WaitForAsync(admin, OperatorResources.EcsServices, ns, "web", s => s["status"]?["runningCount"]?.GetValue<int>() == 3, "3 running", 120);
            (await GetAsync(admin, ResourceType.Deployments, ns, "web-web-1"))!["spec"]!["replicas"]!.GetValue<int>().ShouldBe(3);

            // web:2: no HPA during the deployment, green starts at blue's 3 tasks.
            await ApplyAsync(admin, ns, Revision("v2", Cpu));
            var green = await WaitForAsync(admin, ResourceType.Deployments, ns, "web-web-2", d => d["spec"]?["replicas"] is not null, "web-web-2", 60);
            green["spec"]!["replicas"]!.GetValue<int>().ShouldBe(3, "the new revision starts at the production revision's count");
            await WaitGoneAsync(admin, ResourceType.HorizontalPodAutoscalersV2Beta2, ns, "web", 60);

            // Blue goes (no bake), and the HPA returns on green, whose 3 tasks stay.
            await WaitGoneAsync(admin, ResourceType.Deployments, ns, "web-web-1", 180);
            await WaitForAsync(admin, ResourceType.HorizontalPodAutoscalersV2Beta2, ns, "web",
                h => Text(h["spec"]?["scaleTargetRef"]?["name"]) == "web-web-2", "the HPA on web-web-2", 60);
            var done = await WaitForAsync(admin, OperatorResources.EcsServices, ns, "web",
                s => Text(Primary(s)?["rolloutState"]) == "COMPLETED" && Text(s["status"]?["taskDefinition"]) == "web:2" && (s["status"]?["deployments"] as JsonArray)?.Count == 1,
                "web:2 COMPLETED alone", 60);
            output.WriteLine(done["status"]!.ToJsonString());
            (await GetAsync(admin, ResourceType.Deployments, ns, "web-web-2"))!["spec"]!["replicas"]!.GetValue<int>().ShouldBe(3);
            var fields = (await GetAsync(admin, ResourceType.Deployments, ns, "web-web-2"))!["metadata"]!["managedFields"]!.AsArray();
            fields.Where(f => f!["fieldsV1"]?["f:spec"]?["f:replicas"] is not null).Select(f => Text(f!["manager"]))
                .ShouldNotContain("ecsbridge", "once the HPA is back, the operator's apply no longer sets replicas");
        }
        finally
        {
            await op.DisposeAsync();
        }
    }

    /// <summary>A read-modify-write of the scale subresource, retried on conflict (the Deployment controller writes
    /// status meanwhile).</summary>
    private static async Task ScaleAsync(KubeClient admin, string ns, string name, int replicas)
    {
        for (var attempt = 1; ; attempt++)
        {
            var scale = await admin.GetAsync(ResourceType.Deployments, ns, name, KubeJsonContext.Default.JsonNode, subresource: "scale");
            scale["spec"]!["replicas"] = replicas;
            try
            {
                await admin.ReplaceAsync(ResourceType.Deployments, ns, name, scale, KubeJsonContext.Default.JsonNode, subresource: "scale");
                return;
            }
            catch (KubeConflictException) when (attempt < 5)
            {
            }
        }
    }
}
