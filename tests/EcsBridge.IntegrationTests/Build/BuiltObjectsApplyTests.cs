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
/// apply, and applying the same body again changes nothing, which is what keeps an idle operator from writing.
/// "Nothing" is judged on what our apply can change — the generation, our field manager's managedFields entry (its
/// time and field set) and the values at the fields it owns — because controllers may write status or their own
/// annotations between the two applies and move the resourceVersion.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class BuiltObjectsApplyTests(ControlPlaneFixture fixture)
{
    // What a Kubernetes 1.20 cluster supports: no native sidecars, HPA only as autoscaling/v2beta2.
    private const string FieldManager = "ecsbridge";

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

            var what = $"{name}: re-applying the {child.Kind}";
            var before = OwnedFields.Entry(first, FieldManager);
            before.ShouldNotBeNull($"{what}: the first apply left no managedFields entry for {FieldManager}");
            var owned = before["fieldsV1"]!.AsObject();
            // A ServiceAccount has no spec: what we set on it (the role annotation, labels, owners) is metadata.
            var ownedPart = child is ServiceAccount ? "f:metadata" : "f:spec";
            owned.ShouldContainKey(ownedPart, $"{what}: the first apply owns no {ownedPart[2..]} field");
            var after = OwnedFields.Entry(second, FieldManager);
            JsonNode.DeepEquals(after, before).ShouldBeTrue($"{what} rewrote its managedFields entry:\n{before.ToJsonString()}\n→ {after?.ToJsonString()}");
            var ownedBefore = OwnedFields.Project(first, owned);
            var ownedAfter = OwnedFields.Project(second, owned);
            JsonNode.DeepEquals(ownedAfter, ownedBefore).ShouldBeTrue($"{what} changed a field it owns:\n{ownedBefore.ToJsonString()}\n→ {ownedAfter.ToJsonString()}");
            // Spec writes bump the generation; status and metadata writes by controllers do not.
            Generation(second).ShouldBe(Generation(first), $"{what} bumped the generation");
        }
    }

    private static long? Generation(JsonNode obj) => obj["metadata"]!["generation"]?.GetValue<long>();

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
        using var request = new HttpRequestMessage(HttpMethod.Patch, path + "?fieldManager=" + FieldManager + "&force=true") { Content = content };
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
