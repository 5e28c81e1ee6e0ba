using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using EcsBridge.Core.Ecs;
using EcsBridge.IntegrationTests.Infrastructure;

namespace EcsBridge.IntegrationTests.Commands;

/// <summary>What the command tests share to put convert's and render's output on the real API server: the
/// generated CRDs, server-side apply of each printed object, and the check that nothing convert wrote was pruned.</summary>
internal static class ApiServerApply
{
    /// <summary>Server-side apply (forced, as <paramref name="fieldManager"/>) of one object the commands printed, at
    /// the resource path its kind is served under in <paramref name="ns"/>; returns what the server stored.</summary>
    public static Task<JsonNode> ApplyPrintedAsync(ControlPlaneFixture fixture, string fieldManager, string ns, JsonNode item)
    {
        var collection = item["kind"]!.GetValue<string>() switch
        {
            "EcsTaskDefinition" => $"/apis/ecsbridge.io/v1alpha1/namespaces/{ns}/ecstaskdefinitions",
            "EcsService" => $"/apis/ecsbridge.io/v1alpha1/namespaces/{ns}/ecsservices",
            "Deployment" => $"/apis/apps/v1/namespaces/{ns}/deployments",
            "DaemonSet" => $"/apis/apps/v1/namespaces/{ns}/daemonsets",
            "Service" => $"/api/v1/namespaces/{ns}/services",
            "HorizontalPodAutoscaler" => $"/apis/autoscaling/v2beta2/namespaces/{ns}/horizontalpodautoscalers",
            "ServiceAccount" => $"/api/v1/namespaces/{ns}/serviceaccounts",
            "ControllerRevision" => $"/apis/apps/v1/namespaces/{ns}/controllerrevisions",
            var other => throw new InvalidOperationException("unexpected kind " + other),
        };
        return ApplyAsync(fixture, fieldManager, $"{collection}/{item["metadata"]!["name"]}", item);
    }

    /// <summary>Server-side apply at <paramref name="path"/>; fails the test with the server's message.</summary>
    public static async Task<JsonNode> ApplyAsync(ControlPlaneFixture fixture, string fieldManager, string path, JsonNode body)
    {
        using var http = fixture.Plane.CreateAdminHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"{path}?fieldManager={fieldManager}&force=true")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/apply-patch+yaml"),
        };
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"{(int)response.StatusCode} applying {path}: {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>Every field convert wrote is stored unchanged (nothing pruned); the server may add schema defaults
    /// beside them.</summary>
    public static void ShouldBeKeptIn(JsonNode? written, JsonNode? stored, string path)
    {
        switch (written)
        {
            case JsonObject obj:
                stored.ShouldBeOfType<JsonObject>(path);
                foreach (var (key, value) in obj)
                {
                    ShouldBeKeptIn(value, stored![key], $"{path}.{key}");
                }
                break;
            case JsonArray array:
                var storedArray = stored.ShouldBeOfType<JsonArray>(path);
                storedArray.Count.ShouldBe(array.Count, path);
                for (var i = 0; i < array.Count; i++)
                {
                    ShouldBeKeptIn(array[i], storedArray[i], $"{path}[{i}]");
                }
                break;
            default:
                stored?.ToJsonString().ShouldBe(written?.ToJsonString(), path);
                break;
        }
    }

    /// <summary>Applies config/crd/bases (idempotent: every test may call it) and waits until each CRD is Established.</summary>
    public static async Task InstallCrdsAsync(ControlPlaneFixture fixture, string fieldManager)
    {
        var bases = Path.Combine(fixture.RepositoryRoot, "config", "crd", "bases");
        var names = new List<string>();
        foreach (var file in Directory.GetFiles(bases, "*.yaml"))
        {
            foreach (var document in YamlDocuments.Parse(await File.ReadAllTextAsync(file), file))
            {
                var name = document.Node["metadata"]!["name"]!.GetValue<string>();
                WithoutRootMetadataDescription(document.Node);
                await ApplyAsync(fixture, fieldManager, $"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{name}", document.Node);
                names.Add(name);
            }
        }
        using var http = fixture.Plane.CreateAdminHttpClient();
        foreach (var name in names)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (true)
            {
                var crd = await http.GetFromJsonAsync<JsonNode>($"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{name}", deadline.Token);
                if (crd?["status"]?["conditions"]?.AsArray().Any(c => c?["type"]?.GetValue<string>() == "Established" && c["status"]?.GetValue<string>() == "True") == true)
                {
                    break;
                }
                await Task.Delay(100, deadline.Token);
            }
        }
    }

    /// <summary>Kubernetes 1.20 refuses a CRD whose root `metadata` schema has anything but `type: object`
    /// ("must not specify anything other than name and generateName"). Removing a description there changes no
    /// validation, so the tests check the commands' output whatever the generator writes there.</summary>
    private static void WithoutRootMetadataDescription(JsonNode crd)
    {
        foreach (var version in crd["spec"]?["versions"]?.AsArray() ?? [])
        {
            (version?["schema"]?["openAPIV3Schema"]?["properties"]?["metadata"] as JsonObject)?.Remove("description");
        }
    }
}
