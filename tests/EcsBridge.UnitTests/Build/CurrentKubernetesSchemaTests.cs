using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using EcsBridge.Core.Build;
using EcsBridge.Core.Ecs;
using EcsBridge.UnitTests.Api;
using k8s;
using k8s.Models;
using OurObject = EcsBridge.Kubernetes.Models.IKubernetesObject;

namespace EcsBridge.UnitTests.Build;

/// <summary>What the builders make for a current cluster (1.29+: autoscaling/v2, native sidecars), checked against
/// the API schema of a current Kubernetes release — the models of KubernetesClient 21.0.8, a test-only dependency —
/// since no such cluster runs here. Every object must have a kind that release serves and must deserialize into its
/// model with no unknown member, so a field or an API version a current cluster would refuse fails here.</summary>
public sealed class CurrentKubernetesSchemaTests
{
    private static readonly BuildOptions Current = new() { HpaApiVersion = "autoscaling/v2", NativeSidecars = true, OwnerUid = "8f5d6c3e-1a2b-4c5d-9e8f-0a1b2c3d4e5f" };

    /// <summary>apiVersion/kind → model type, from the models' own [KubernetesEntity] attributes.</summary>
    private static readonly Dictionary<string, Type> Served = typeof(V1Deployment).Assembly.GetTypes()
        .Select(t => (Type: t, Entity: t.GetCustomAttribute<KubernetesEntityAttribute>()))
        .Where(x => x.Entity is not null && !x.Type.Name.EndsWith("List", StringComparison.Ordinal))
        .GroupBy(x => Key(x.Entity!.Group is { Length: > 0 } g ? $"{g}/{x.Entity.ApiVersion}" : x.Entity.ApiVersion, x.Entity.Kind))
        .ToDictionary(g => g.Key, g => g.First().Type);

    static CurrentKubernetesSchemaTests() =>
        // Strict: a member the model does not know is an error, as `kubectl apply --validate=strict` would make it.
        KubernetesJson.AddJsonOptions(options => options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow);

    public static TheoryData<string> GoldenCases() => new(GoldenCase.Names().Where(n => n != "autoscaling-v2beta2"));

    [Theory]
    [MemberData(nameof(GoldenCases))]
    public void Every_object_built_for_a_current_cluster_fits_the_current_schema(string name)
    {
        var golden = GoldenCase.Load(name);
        var state = golden.BuildWith(Current);

        var objects = state.Objects().ToList();
        var problems = objects.SelectMany(o => Check(DesiredStateJson.Serialize(o))).ToList();

        problems.ShouldBeEmpty();
        objects.ShouldNotBeEmpty();
    }

    [Fact]
    public void Every_sample_rendered_for_a_current_cluster_fits_the_current_schema()
    {
        var samples = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "config", "samples"), "ecsbridge.io_*.yaml").Order(StringComparer.Ordinal).ToList();
        samples.Count.ShouldBeGreaterThanOrEqualTo(4);
        var checkedKinds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sample in samples)
        {
            var result = EcsRenderer.Render(InputDocuments.Parse(File.ReadAllText(sample), sample), new RenderOptions { Namespace = "apps", Build = Current });
            var bodies = result.Revisions.Cast<OurObject>().Concat(result.Services.SelectMany(s => s.State.Objects())).ToList();
            bodies.ShouldNotBeEmpty(sample);
            foreach (var body in bodies)
            {
                var json = DesiredStateJson.Serialize(body);
                Check(json).ShouldBeEmpty(Path.GetFileName(sample));
                checkedKinds.Add(JsonDocument.Parse(json).RootElement.GetProperty("kind").GetString()!);
            }
        }
        checkedKinds.ShouldBeSubsetOf(["ControllerRevision", "Deployment", "DaemonSet", "Service", "ServiceAccount", "HorizontalPodAutoscaler"]);
        checkedKinds.ShouldContain("HorizontalPodAutoscaler");
        checkedKinds.ShouldContain("ControllerRevision");
    }

    // The check itself must be able to fail: these are what a current cluster refuses.

    [Fact]
    public void An_api_version_a_current_cluster_no_longer_serves_is_reported()
    {
        var state = GoldenCase.Load("autoscaling-v2beta2").Build();

        var problems = Check(DesiredStateJson.Serialize(state.Hpa!));

        problems.ShouldHaveSingleItem().ShouldContain("autoscaling/v2beta2 HorizontalPodAutoscaler is not served");
    }

    [Fact]
    public void A_field_the_current_schema_does_not_have_is_reported()
    {
        var problems = Check("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"selector":{},"template":{"spec":{"containers":[{"name":"app","image":"x","livenessProbe":{"exec":{"command":["true"]},"startPeriod":10}}]}}}}""");

        problems.ShouldHaveSingleItem().ShouldContain("startPeriod");
    }

    [Fact]
    public void A_field_of_the_wrong_type_is_reported()
    {
        var problems = Check("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{"ports":[{"port":"80"}]}}""");

        problems.ShouldHaveSingleItem().ShouldContain("Service");
    }

    private static string Key(string apiVersion, string kind) => apiVersion + " " + kind;

    /// <summary>The reasons a current cluster would refuse <paramref name="json"/>; empty when it fits.</summary>
    private static List<string> Check(string json)
    {
        var root = JsonDocument.Parse(json).RootElement;
        var apiVersion = root.GetProperty("apiVersion").GetString()!;
        var kind = root.GetProperty("kind").GetString()!;
        if (!Served.TryGetValue(Key(apiVersion, kind), out var model))
        {
            return [$"{apiVersion} {kind} is not served by a current Kubernetes (KubernetesClient 21.0.8 has no model for it)"];
        }
        try
        {
            var deserialize = typeof(KubernetesJson).GetMethods(BindingFlags.Public | BindingFlags.Static)
                .Single(m => m.Name == nameof(KubernetesJson.Deserialize) && m.IsGenericMethodDefinition && m.GetParameters() is [{ ParameterType: var p }, _] && p == typeof(string))
                .MakeGenericMethod(model);
            deserialize.Invoke(null, [json, null]);
            return [];
        }
        catch (TargetInvocationException ex) when (ex.InnerException is JsonException or InvalidOperationException or FormatException)
        {
            return [$"{apiVersion} {kind}: {ex.InnerException.Message}"];
        }
    }
}
