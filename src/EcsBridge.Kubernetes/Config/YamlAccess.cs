using YamlDotNet.RepresentationModel;

namespace EcsBridge.Kubernetes.Config;

/// <summary>Small lookups over YamlDotNet's node model (no reflection-based deserializer, so trimming stays safe).</summary>
internal static class YamlAccess
{
    public static YamlNode? Child(this YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    public static string? String(this YamlMappingNode map, string key) =>
        map.Child(key) is YamlScalarNode { Value: { Length: > 0 } value } scalar && !IsNull(scalar) ? value : null;

    public static bool Bool(this YamlMappingNode map, string key) =>
        map.String(key) is { } value && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "yes");

    public static YamlMappingNode? Map(this YamlMappingNode map, string key) => map.Child(key) as YamlMappingNode;

    public static IEnumerable<YamlNode> Sequence(this YamlMappingNode map, string key) =>
        map.Child(key) as YamlSequenceNode ?? Enumerable.Empty<YamlNode>();

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && scalar.Value is "~" or "null" or "Null" or "NULL";
}
