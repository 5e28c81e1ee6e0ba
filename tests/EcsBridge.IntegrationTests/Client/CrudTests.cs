using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.IntegrationTests.Client;

[Collection(ControlPlaneCollection.Name)]
public sealed class CrudTests(ControlPlaneFixture fixture)
{
    [Fact]
    public async Task A_ConfigMap_is_created_read_listed_replaced_patched_and_deleted_typed()
    {
        var ns = await fixture.CreateNamespaceAsync("crud");
        using var client = fixture.CreateAdminClient();
        var configMaps = ResourceType.ConfigMaps;

        var created = await client.CreateAsync(configMaps, ns, new ConfigMap
        {
            Metadata = new ObjectMeta { Name = "settings", Labels = new Dictionary<string, string> { ["app"] = "web" } },
            Data = new Dictionary<string, string> { ["color"] = "blue" },
        }, KubeJsonContext.Default.ConfigMap);
        created.Metadata.Uid.ShouldNotBeNull();

        var read = await client.GetAsync(configMaps, ns, "settings", KubeJsonContext.Default.ConfigMap);
        read.Data!["color"].ShouldBe("blue");

        var listed = await client.ListAsync(configMaps, ns, KubeJsonContext.Default.ConfigMap, new ListOptions { LabelSelector = "app=web" });
        listed.Items.Select(c => c.Metadata.Name).ShouldBe(["settings"]);
        (await client.ListAsync(configMaps, ns, KubeJsonContext.Default.ConfigMap, new ListOptions { LabelSelector = "app=other" })).Items.ShouldBeEmpty();
        (await client.ListAsync(configMaps, ns, KubeJsonContext.Default.ConfigMap, new ListOptions { FieldSelector = "metadata.name=settings" })).Items.Count.ShouldBe(1);

        var replaced = await client.ReplaceAsync(configMaps, ns, "settings",
            read with { Data = new Dictionary<string, string> { ["color"] = "green" } }, KubeJsonContext.Default.ConfigMap);
        replaced.Data!["color"].ShouldBe("green");

        var merged = await client.PatchAsync(configMaps, ns, "settings", PatchType.Merge, """{"data":{"size":"xl"}}""", KubeJsonContext.Default.ConfigMap);
        merged.Data!["size"].ShouldBe("xl");
        merged.Data!["color"].ShouldBe("green");

        var patched = await client.PatchAsync(configMaps, ns, "settings", PatchType.Json,
            """[{"op":"remove","path":"/data/color"}]""", KubeJsonContext.Default.ConfigMap);
        patched.Data!.ContainsKey("color").ShouldBeFalse();

        await Should.ThrowAsync<KubeConflictException>(() => client.DeleteAsync(configMaps, ns, "settings",
            new DeleteOptions { PreconditionUid = Guid.NewGuid().ToString() }));
        await client.DeleteAsync(configMaps, ns, "settings", new DeleteOptions { PreconditionUid = created.Metadata.Uid, PropagationPolicy = "Background" });
        (await client.TryGetAsync(configMaps, ns, "settings", KubeJsonContext.Default.ConfigMap)).ShouldBeNull();
        (await client.DeleteIfExistsAsync(configMaps, ns, "settings")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_Deployment_is_handled_untyped_with_its_scale_and_status_subresources_and_unknown_fields_kept()
    {
        var ns = await fixture.CreateNamespaceAsync("crud");
        using var client = fixture.CreateAdminClient();
        var deployments = ResourceType.Deployments;
        var body = ServiceAccounts.Node("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
             "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
                     "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx:1.27","ports":[{"containerPort":80}]}]}}}}
            """);

        var created = await client.CreateAsync(deployments, ns, body, KubeJsonContext.Default.JsonNode);
        created["spec"]!["template"]!["spec"]!["containers"]![0]!["ports"]![0]!["containerPort"]!.GetValue<int>().ShouldBe(80);

        // The Deployment controller writes status right after the create, so a read-modify-write may meet a newer
        // resourceVersion: retry on conflict, as any client of update must.
        for (var attempt = 1; ; attempt++)
        {
            var scale = await client.GetAsync(deployments, ns, "web", KubeJsonContext.Default.JsonNode, subresource: "scale");
            scale["kind"]!.GetValue<string>().ShouldBe("Scale");
            scale["spec"]!["replicas"] = 3;
            try
            {
                await client.ReplaceAsync(deployments, ns, "web", scale, KubeJsonContext.Default.JsonNode, subresource: "scale");
                break;
            }
            catch (KubeConflictException) when (attempt < 5)
            {
            }
        }
        (await client.GetAsync(deployments, ns, "web", KubeJsonContext.Default.JsonNode))["spec"]!["replicas"]!.GetValue<int>().ShouldBe(3);

        await client.PatchAsync(deployments, ns, "web", PatchType.Merge, """{"spec":{"replicas":2}}""", KubeJsonContext.Default.JsonNode, subresource: "scale");
        (await client.GetAsync(deployments, ns, "web", KubeJsonContext.Default.JsonNode))["spec"]!["replicas"]!.GetValue<int>().ShouldBe(2);

        // Status is a separate subresource: a main-resource update cannot change it, a status patch can.
        var status = await client.PatchAsync(deployments, ns, "web", PatchType.Merge,
            """{"status":{"conditions":[{"type":"Custom","status":"True","reason":"Test","message":"set by test"}]}}""",
            KubeJsonContext.Default.JsonNode, subresource: "status");
        status["status"]!["conditions"]!.AsArray().ShouldContain(c => c!["type"]!.GetValue<string>() == "Custom");

        var listed = await client.ListAsync(deployments, ns, KubeJsonContext.Default.JsonNode);
        listed.Items.Single()["kind"]!.GetValue<string>().ShouldBe("Deployment");

        await client.DeleteAsync(deployments, ns, "web", new DeleteOptions { PropagationPolicy = "Foreground" });
    }

    [Fact]
    public async Task Listed_typed_objects_carry_apiVersion_and_kind_as_watched_ones_do()
    {
        // The API server leaves both out of list items; a cache filled from a list must still compare equal to the
        // same object seen by a watch, or the operator rewrites every child after each restart.
        var ns = await fixture.CreateNamespaceAsync("crud");
        using var client = fixture.CreateAdminClient();
        await client.CreateAsync(ResourceType.ConfigMaps, ns, new ConfigMap { Metadata = new ObjectMeta { Name = "listed" } }, KubeJsonContext.Default.ConfigMap);

        var listed = (await client.ListAllAsync(ResourceType.ConfigMaps, ns, KubeJsonContext.Default.ConfigMap)).Items.Single(c => c.Metadata.Name == "listed");

        listed.ApiVersion.ShouldBe("v1");
        listed.Kind.ShouldBe("ConfigMap");
        listed.Metadata.Namespace.ShouldBe(ns);
    }

    [Fact]
    public async Task A_cluster_scoped_object_is_created_and_deleted_without_a_namespace()
    {
        using var client = fixture.CreateAdminClient();
        var name = "crud-" + Guid.NewGuid().ToString("N")[..8];

        var created = await client.CreateAsync(ResourceType.Namespaces, null,
            new KubeObject { ApiVersion = "v1", Kind = "Namespace", Metadata = new ObjectMeta { Name = name } }, KubeJsonContext.Default.KubeObject);

        created.Metadata.Name.ShouldBe(name);
        created.Fields!.ShouldContainKey("spec");
        await client.DeleteAsync(ResourceType.Namespaces, null, name);
        await Should.ThrowAsync<ArgumentException>(() => client.GetAsync(ResourceType.Namespaces, "ns", name, KubeJsonContext.Default.KubeObject));
    }
}
