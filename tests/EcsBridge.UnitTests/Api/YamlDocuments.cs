using System.Text.Json.Nodes;

namespace EcsBridge.UnitTests.Api;

/// <summary>Reads a multi-document YAML file as JSON trees with the product's own reader (the one `convert` and
/// `render` use): plain scalars typed as YAML 1.2 core does, quoted scalars kept as strings.</summary>
internal static class YamlDocuments
{
    public static IReadOnlyList<JsonObject> Read(string yaml) =>
        [.. EcsBridge.Core.Ecs.YamlDocuments.Parse(yaml, "yaml").Select(d => d.Node).OfType<JsonObject>()];
}
