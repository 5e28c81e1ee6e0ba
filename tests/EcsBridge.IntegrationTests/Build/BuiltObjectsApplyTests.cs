using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcsBridge.Api;
using EcsBridge.Core.Build;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.IntegrationTests.Build;

/// <summary>The builders' canonical bodies against the real API server: every golden case is accepted by server-side
/// apply, and applying the same body again changes nothing (same resourceVersion), which is what keeps an idle
/// operator from writing.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class BuiltObjectsApplyTests(ControlPlaneFixture fixture)
{
    // What a Kubernetes 1.20 cluster supports: no native sidecars, HPA only as autoscaling/v2beta2.
    private static readonly BuildOptions Kubernetes120 = new() { NativeSidecars = false, HpaApiVersion = HorizontalPodAutoscaler.ApiVersionV2Beta2 };

    public static TheoryData<string> Cases() => new(Directory.GetDirectories(TestDataRoot()).Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Built_objects_apply_and_a_second_identical_apply_writes_nothing(string name)
    {
        var ns = await fixture.CreateNamespaceAsync("build");
        var state = Build(name, ns);
        using var http = fixture.Plane.CreateAdminHttpClient();

        foreach (var child in state.Objects())
        {
            var body = DesiredStateJson.Serialize(child);
            var first = await ApplyAsync(http, child, ns, body);
            var second = await ApplyAsync(http, child, ns, body);

            second["metadata"]!["resourceVersion"]!.GetValue<string>()
                .ShouldBe(first["metadata"]!["resourceVersion"]!.GetValue<string>(), $"{name}: re-applying the {child.Kind} wrote a new version");
        }
    }

    private static DesiredState Build(string name, string ns)
    {
        var directory = Path.Combine(TestDataRoot(), name, "input");
        var taskDefinition = JsonSerializer.Deserialize(File.ReadAllText(Path.Combine(directory, "taskdefinition.json")), ApiJsonContext.Default.EcsTaskDefinition)!;
        var service = JsonSerializer.Deserialize(File.ReadAllText(Path.Combine(directory, "service.json")), ApiJsonContext.Default.EcsService)!;
        service = service with { Metadata = service.Metadata with { Namespace = ns } };
        return DesiredStateBuilder.Build(service, taskDefinition, 1, Kubernetes120);
    }

    private static async Task<JsonNode> ApplyAsync(HttpClient http, IKubernetesObject child, string ns, string body)
    {
        var path = child switch
        {
            Deployment => $"/apis/apps/v1/namespaces/{ns}/deployments/{child.Metadata.Name}",
            DaemonSet => $"/apis/apps/v1/namespaces/{ns}/daemonsets/{child.Metadata.Name}",
            Service => $"/api/v1/namespaces/{ns}/services/{child.Metadata.Name}",
            ServiceAccount => $"/api/v1/namespaces/{ns}/serviceaccounts/{child.Metadata.Name}",
            _ => $"/apis/autoscaling/v2beta2/namespaces/{ns}/horizontalpodautoscalers/{child.Metadata.Name}",
        };
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/apply-patch+yaml");
        using var request = new HttpRequestMessage(HttpMethod.Patch, path + "?fieldManager=ecsbridge&force=true") { Content = content };
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"{child.Kind} {child.Metadata.Name}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private static string TestDataRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EcsBridge.sln")))
            {
                return Path.Combine(directory.FullName, "tests", "EcsBridge.UnitTests", "Build", "testdata");
            }
        }

        throw new InvalidOperationException("EcsBridge.sln not found above " + AppContext.BaseDirectory);
    }
}
