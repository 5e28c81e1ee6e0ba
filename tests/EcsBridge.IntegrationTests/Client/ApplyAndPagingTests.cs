using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.IntegrationTests.Client;

[Collection(ControlPlaneCollection.Name)]
public sealed class ApplyAndPagingTests(ControlPlaneFixture fixture)
{
    private static ConfigMap Desired(string color) => new()
    {
        Metadata = new ObjectMeta { Name = "shared" },
        Data = new Dictionary<string, string> { ["color"] = color },
    };

    [Fact]
    public async Task Server_side_apply_conflicts_between_two_field_managers_unless_forced()
    {
        var ns = await fixture.CreateNamespaceAsync("ssa");
        using var client = fixture.CreateAdminClient();
        var configMaps = ResourceType.ConfigMaps;

        var first = await client.ApplyAsync(configMaps, ns, "shared", Desired("blue"), KubeJsonContext.Default.ConfigMap,
            new ApplyOptions { FieldManager = "team-a" });
        first.Data!["color"].ShouldBe("blue");

        var conflict = await Should.ThrowAsync<KubeConflictException>(() => client.ApplyAsync(configMaps, ns, "shared", Desired("red"),
            KubeJsonContext.Default.ConfigMap, new ApplyOptions { FieldManager = "team-b" }));
        conflict.Causes.ShouldContain(c => c.Field == ".data.color");
        conflict.Message.ShouldContain("team-a");

        var forced = await client.ApplyAsync(configMaps, ns, "shared", Desired("red"), KubeJsonContext.Default.ConfigMap,
            new ApplyOptions { FieldManager = "team-b", Force = true });
        forced.Data!["color"].ShouldBe("red");

        // The same manager applying the same body again is a no-op on the server.
        var again = await client.ApplyAsync(configMaps, ns, "shared", Desired("red"), KubeJsonContext.Default.ConfigMap,
            new ApplyOptions { FieldManager = "team-b", Force = true });
        again.Metadata.ResourceVersion.ShouldBe(forced.Metadata.ResourceVersion);
        client.Metrics.Count("apply").ShouldBe(4);
        client.Metrics.WriteRequests.ShouldBe(4);
    }

    [Fact]
    public async Task Server_side_apply_writes_the_status_subresource()
    {
        var ns = await fixture.CreateNamespaceAsync("ssa");
        using var client = fixture.CreateAdminClient();
        await client.CreateAsync(ResourceType.Deployments, ns, ServiceAccounts.Node("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
             "spec":{"selector":{"matchLabels":{"app":"web"}},
                     "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx"}]}}}}
            """), KubeJsonContext.Default.JsonNode);

        var applied = await client.ApplyAsync(ResourceType.Deployments, ns, "web", ServiceAccounts.Node("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
             "status":{"conditions":[{"type":"EcsBridgeTest","status":"True","reason":"Applied"}]}}
            """), KubeJsonContext.Default.JsonNode, new ApplyOptions { FieldManager = "status-writer", Force = true }, subresource: "status");

        applied["status"]!["conditions"]!.AsArray().ShouldContain(c => c!["type"]!.GetValue<string>() == "EcsBridgeTest");
    }

    [Fact]
    public async Task Listing_pages_with_limit_and_continue_and_ListAll_follows_every_page()
    {
        var ns = await fixture.CreateNamespaceAsync("paging");
        using var client = fixture.CreateAdminClient();
        for (var i = 0; i < 12; i++)
        {
            await client.CreateAsync(ResourceType.ConfigMaps, ns, new ConfigMap
            {
                Metadata = new ObjectMeta { Name = $"item-{i:D2}", Labels = new Dictionary<string, string> { ["set"] = "paging" } },
            }, KubeJsonContext.Default.ConfigMap);
        }
        var options = new ListOptions { LabelSelector = "set=paging", Limit = 5 };

        var pages = new List<KubeList<ConfigMap>>();
        string? token = null;
        do
        {
            var page = await client.ListAsync(ResourceType.ConfigMaps, ns, KubeJsonContext.Default.ConfigMap, options with { Continue = token });
            pages.Add(page);
            token = page.Metadata.Continue;
        }
        while (!string.IsNullOrEmpty(token));

        pages.Count.ShouldBe(3);
        pages[0].Items.Count.ShouldBe(5);
        pages.SelectMany(p => p.Items).Select(c => c.Metadata.Name).Distinct().Count().ShouldBe(12);

        var all = await client.ListAllAsync(ResourceType.ConfigMaps, ns, KubeJsonContext.Default.ConfigMap, options);
        all.Items.Count.ShouldBe(12);
        all.Metadata.ResourceVersion.ShouldNotBeNullOrEmpty();
        all.Metadata.Continue.ShouldBeNull();
    }
}
