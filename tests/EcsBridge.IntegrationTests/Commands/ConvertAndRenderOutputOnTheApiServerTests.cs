using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using EcsBridge.Commands;
using EcsBridge.Core.Ecs;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Output;

namespace EcsBridge.IntegrationTests.Commands;

/// <summary>What convert writes is accepted by the real API server under the generated CRDs, and what render
/// writes for Kubernetes 1.20 is accepted as Deployments, Services and autoscaling/v2beta2 HPAs. (The round trip
/// through the operator — its children equal render's — is the operator's test.)</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class ConvertAndRenderOutputOnTheApiServerTests(ControlPlaneFixture fixture)
{
    private const string FieldManager = "ecsbridge-cli-tests";

    private static string TestData(ControlPlaneFixture fixture) =>
        Path.Combine(fixture.RepositoryRoot, "tests", "EcsBridge.UnitTests", "Commands", "testdata");

    public static TheoryData<string> ConvertCases => new()
    {
        "describe-task-definition", "register-task-definition", "bare-container-definitions", "describe-services",
        "create-service", "concatenated-documents", "json-array-output", "ecsbridge-yaml", "export-edge-values",
    };

    public static TheoryData<string> RenderCases => new()
    {
        "render-checkout", "render-pinned-revision", "render-old-cluster", "concatenated-documents", "ecsbridge-yaml",
        "export-edge-values",
    };

    [Theory]
    [MemberData(nameof(ConvertCases))]
    public async Task Converted_objects_are_accepted_by_the_api_server_under_the_generated_crds(string name)
    {
        await InstallCrdsAsync();
        var ns = await fixture.CreateNamespaceAsync("convert");
        var input = Directory.GetFiles(Path.Combine(TestData(fixture), name), "input.*").Single();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await ConvertCommand.RunAsync(input, Stream.Null, stdout, stderr,
            new ConvertCommand.Settings { Namespace = ns, Output = OutputFormat.Json }, CancellationToken.None);

        code.ShouldBe(0, stderr.ToString());
        var items = JsonNode.Parse(stdout.ToString())!["items"]!.AsArray();
        items.Count.ShouldBeGreaterThan(0);
        foreach (var item in items)
        {
            var kind = item!["kind"]!.GetValue<string>();
            var plural = kind == "EcsTaskDefinition" ? "ecstaskdefinitions" : "ecsservices";
            var stored = await ApplyAsync($"/apis/ecsbridge.io/v1alpha1/namespaces/{ns}/{plural}/{item["metadata"]!["name"]}", item);
            // The schema prunes unknown fields: what convert wrote must survive unchanged.
            ShouldBeKeptIn(item["spec"], stored["spec"], $"{kind}/{item["metadata"]!["name"]}.spec");
        }
    }

    [Theory]
    [MemberData(nameof(RenderCases))]
    public async Task Rendered_children_for_kubernetes_1_20_are_accepted_by_the_api_server(string name)
    {
        var ns = await fixture.CreateNamespaceAsync("render");
        var input = Directory.GetFiles(Path.Combine(TestData(fixture), name), "input.*").Single();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await RenderCommand.RunAsync(input, Stream.Null, stdout, stderr,
            new RenderCommand.Settings { Namespace = ns, Output = OutputFormat.Json, KubernetesVersion = "1.20" }, CancellationToken.None);

        code.ShouldBe(0, stderr.ToString());
        foreach (var item in JsonNode.Parse(stdout.ToString())!["items"]!.AsArray())
        {
            var path = item!["kind"]!.GetValue<string>() switch
            {
                "Deployment" => $"/apis/apps/v1/namespaces/{ns}/deployments",
                "DaemonSet" => $"/apis/apps/v1/namespaces/{ns}/daemonsets",
                "Service" => $"/api/v1/namespaces/{ns}/services",
                "HorizontalPodAutoscaler" => $"/apis/autoscaling/v2beta2/namespaces/{ns}/horizontalpodautoscalers",
                "ServiceAccount" => $"/api/v1/namespaces/{ns}/serviceaccounts",
                "ControllerRevision" => $"/apis/apps/v1/namespaces/{ns}/controllerrevisions",
                var other => throw new InvalidOperationException("unexpected kind " + other),
            };
            var stored = await ApplyAsync($"{path}/{item["metadata"]!["name"]}", item);
            stored["metadata"]!["labels"]!.ToJsonString().ShouldBe(item["metadata"]!["labels"]!.ToJsonString());
        }
    }

    /// <summary>Every field convert wrote is stored unchanged; the server may add schema defaults beside them.</summary>
    private static void ShouldBeKeptIn(JsonNode? written, JsonNode? stored, string path)
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

    /// <summary>Server-side apply, as the operator does; fails the test with the server's message.</summary>
    private async Task<JsonNode> ApplyAsync(string path, JsonNode body)
    {
        using var http = fixture.Plane.CreateAdminHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"{path}?fieldManager={FieldManager}&force=true")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/apply-patch+yaml"),
        };
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"{(int)response.StatusCode} applying {path}: {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>Kubernetes 1.20 refuses a CRD whose root `metadata` schema has anything but `type: object`
    /// ("must not specify anything other than name and generateName"); the generated CRDs (branch api) still carry
    /// a description there. Removing it changes no validation, so these tests check convert's output either way.</summary>
    private static void WithoutRootMetadataDescription(JsonNode crd)
    {
        foreach (var version in crd["spec"]?["versions"]?.AsArray() ?? [])
        {
            (version?["schema"]?["openAPIV3Schema"]?["properties"]?["metadata"] as JsonObject)?.Remove("description");
        }
    }

    /// <summary>Applies config/crd/bases (idempotent: every test may call it) and waits until both are Established.</summary>
    private async Task InstallCrdsAsync()
    {
        var bases = Path.Combine(fixture.RepositoryRoot, "config", "crd", "bases");
        var names = new List<string>();
        foreach (var file in Directory.GetFiles(bases, "*.yaml"))
        {
            foreach (var document in YamlDocuments.Parse(await File.ReadAllTextAsync(file), file))
            {
                var name = document.Node["metadata"]!["name"]!.GetValue<string>();
                WithoutRootMetadataDescription(document.Node);
                await ApplyAsync($"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{name}", document.Node);
                names.Add(name);
            }
        }
        using var http = fixture.Plane.CreateAdminHttpClient();
        foreach (var name in names)
        {
            for (var attempt = 0; ; attempt++)
            {
                var crd = await http.GetFromJsonAsync<JsonNode>($"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/{name}");
                var established = crd?["status"]?["conditions"]?.AsArray()
                    .Any(c => c?["type"]?.GetValue<string>() == "Established" && c["status"]?.GetValue<string>() == "True") == true;
                if (established)
                {
                    break;
                }
                attempt.ShouldBeLessThan(300, $"CRD {name} not Established");
                await Task.Delay(100);
            }
        }
    }
}
