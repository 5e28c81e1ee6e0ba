using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EcsBridge.IntegrationTests.Install;

/// <summary>Builds the config/rbac objects the way `kustomize build config/default` does — the overlay's namePrefix
/// and namespace applied to names, namespaces, role references and subjects — so the test needs no kubectl.
/// When kubectl is present, <see cref="KustomizeInstallTests"/> checks this against the real kustomize.</summary>
internal static partial class KustomizeLite
{
    private static readonly HashSet<string> ClusterScopedKinds = ["Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition"];

    public static (string Namespace, string NamePrefix) DefaultOverlay(string repositoryRoot)
    {
        var overlay = LoadDocuments(Path.Combine(repositoryRoot, "config", "default", "kustomization.yaml")).Single();
        return (overlay["namespace"]!.GetValue<string>(), overlay["namePrefix"]!.GetValue<string>());
    }

    /// <summary>The objects of one base directory (e.g. config/rbac) as the default overlay renders them.</summary>
    public static IReadOnlyList<JsonObject> Build(string repositoryRoot, string baseDirectory)
    {
        var (ns, prefix) = DefaultOverlay(repositoryRoot);
        var dir = Path.Combine(repositoryRoot, baseDirectory);
        var kustomization = LoadDocuments(Path.Combine(dir, "kustomization.yaml")).Single();
        var objects = new List<JsonObject>();
        foreach (var resource in kustomization["resources"]!.AsArray().Select(r => r!.GetValue<string>()))
        {
            foreach (var obj in LoadDocuments(Path.Combine(dir, resource)))
            {
                objects.Add(Transform(obj, ns, prefix));
            }
        }
        return objects;
    }

    private static JsonObject Transform(JsonObject obj, string ns, string prefix)
    {
        var kind = obj["kind"]!.GetValue<string>();
        var metadata = obj["metadata"]!.AsObject();
        metadata["name"] = prefix + metadata["name"]!.GetValue<string>();
        if (!ClusterScopedKinds.Contains(kind))
        {
            metadata["namespace"] = ns;
        }
        if (obj["roleRef"] is JsonObject roleRef)
        {
            roleRef["name"] = prefix + roleRef["name"]!.GetValue<string>();
        }
        foreach (var subject in (obj["subjects"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            if (subject["kind"]?.GetValue<string>() == "ServiceAccount")
            {
                subject["name"] = prefix + subject["name"]!.GetValue<string>();
                subject["namespace"] = ns;
            }
        }
        return obj;
    }

    public static IReadOnlyList<JsonObject> LoadDocuments(string path) => ParseDocuments(File.ReadAllText(path));

    public static IReadOnlyList<JsonObject> ParseDocuments(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d => ToJson(d.RootNode)).OfType<JsonObject>().ToList();
    }

    /// <summary>YAML → JSON with plain scalars typed by the YAML 1.2 core schema, as kubectl reads manifests.</summary>
    public static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv =>
            KeyValuePair.Create(((YamlScalarNode)kv.Key).Value ?? "", ToJson(kv.Value)))),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToJson).ToArray()),
        YamlScalarNode { Style: not (ScalarStyle.Plain or ScalarStyle.Any) } quoted => JsonValue.Create(quoted.Value ?? ""),
        YamlScalarNode scalar => PlainScalar(scalar.Value ?? ""),
        _ => throw new NotSupportedException("YAML node " + node.NodeType),
    };

    private static JsonNode? PlainScalar(string text) => text switch
    {
        "" or "~" or "null" or "Null" or "NULL" => null,
        "true" or "True" or "TRUE" => JsonValue.Create(true),
        "false" or "False" or "FALSE" => JsonValue.Create(false),
        _ when IntegerPattern().IsMatch(text) => JsonValue.Create(long.Parse(text, CultureInfo.InvariantCulture)),
        _ when FloatPattern().IsMatch(text) => JsonValue.Create(double.Parse(text, CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(text),
    };

    [GeneratedRegex(@"^[-+]?[0-9]{1,18}$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
