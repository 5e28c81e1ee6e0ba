using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EcsBridge.Core.Build;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.UnitTests.Build;

/// <summary>Golden files for the desired-state builders. Run with UPDATE_GOLDEN=1 to rewrite expected/ after a
/// deliberate change, then review the diff against docs/ecs-mapping.</summary>
public sealed partial class BuildGoldenTests
{
    private static readonly bool Update = Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";

    public static TheoryData<string> Cases() => new(GoldenCase.Names());

    [Theory]
    [MemberData(nameof(Cases))]
    public void Desired_objects_match_the_golden_files(string name)
    {
        var golden = GoldenCase.Load(name);
        var actual = GoldenCase.Render(golden.Build());

        if (Update)
        {
            Directory.CreateDirectory(golden.ExpectedPath(string.Empty));
            foreach (var (file, content) in actual)
            {
                if (content is null)
                {
                    File.Delete(golden.ExpectedPath(file));
                }
                else
                {
                    File.WriteAllText(golden.ExpectedPath(file), content);
                }
            }

            return;
        }

        foreach (var (file, content) in actual)
        {
            var path = golden.ExpectedPath(file);
            if (content is null)
            {
                File.Exists(path).ShouldBeFalse($"{name}: {file} is expected but the builder made no such object");
            }
            else
            {
                File.Exists(path).ShouldBeTrue($"{name}: the builder made {file}, which has no golden file");
                content.ShouldBe(File.ReadAllText(path), $"{name}: {file} differs (UPDATE_GOLDEN=1 rewrites it)");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Building_twice_gives_byte_identical_bodies(string name)
    {
        var golden = GoldenCase.Load(name);

        var first = DesiredStateJson.SerializeAll(golden.Build());
        var second = DesiredStateJson.SerializeAll(golden.Build());

        second.ShouldBe(first);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bodies_read_back_through_the_models_serialize_to_the_same_bytes(string name)
    {
        var state = GoldenCase.Load(name).Build();

        foreach (var body in state.Objects())
        {
            var json = DesiredStateJson.Serialize(body);
            var reread = body switch
            {
                Deployment => DesiredStateJson.Serialize(JsonSerializer.Deserialize(json, WorkloadsJsonContext.Default.Deployment)!),
                DaemonSet => DesiredStateJson.Serialize(JsonSerializer.Deserialize(json, WorkloadsJsonContext.Default.DaemonSet)!),
                Service => DesiredStateJson.Serialize(JsonSerializer.Deserialize(json, WorkloadsJsonContext.Default.Service)!),
                ServiceAccount => DesiredStateJson.Serialize(JsonSerializer.Deserialize(json, WorkloadsJsonContext.Default.ServiceAccount)!),
                _ => DesiredStateJson.Serialize(JsonSerializer.Deserialize(json, WorkloadsJsonContext.Default.HorizontalPodAutoscaler)!),
            };
            reread.ShouldBe(json);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bodies_hold_no_empty_lists_or_maps_and_only_canonical_quantities(string name)
    {
        var state = GoldenCase.Load(name).Build();

        foreach (var body in state.Objects())
        {
            var root = JsonNode.Parse(DesiredStateJson.Serialize(body))!;
            foreach (var (path, node) in Walk(root, "$"))
            {
                if (node is JsonArray array)
                {
                    array.Count.ShouldBeGreaterThan(0, $"{name}: empty list at {path}");
                }
                else if (node is JsonObject obj && !path.EndsWith(".emptyDir", StringComparison.Ordinal))
                {
                    obj.Count.ShouldBeGreaterThan(0, $"{name}: empty map at {path}");
                }

                if (path.Contains(".resources.", StringComparison.Ordinal) && node is JsonValue value)
                {
                    var quantity = value.GetValue<string>();
                    CanonicalQuantity().IsMatch(quantity).ShouldBeTrue($"{name}: {path} is not canonical: {quantity}");
                    quantity.ShouldNotEndWith("000m", customMessage: $"{name}: {path} has whole cores in millicores");
                }
            }
        }
    }

    private static IEnumerable<(string Path, JsonNode Node)> Walk(JsonNode node, string path)
    {
        yield return (path, node);
        if (node is JsonObject obj)
        {
            foreach (var (key, child) in obj)
            {
                foreach (var item in Walk(child!, $"{path}.{key}"))
                {
                    yield return item;
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                foreach (var item in Walk(array[i]!, $"{path}[{i}]"))
                {
                    yield return item;
                }
            }
        }
    }

    // Whole numbers without leading zeros or trailing "000"s before a suffix, e.g. 250m, 1, 512Mi, 2Gi.
    [GeneratedRegex(@"^(0|[1-9][0-9]*)(m|k|M|G|Mi|Gi|Ti)?$")]
    private static partial Regex CanonicalQuantity();
}
