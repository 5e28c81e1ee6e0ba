using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using YamlDotNet.RepresentationModel;

namespace EcsBridge.UnitTests.Kubernetes;

/// <summary>Apply bodies are read as YAML by the API server: every string must come back exactly as written.</summary>
public sealed class ApplyPatchEncoderTests
{
    public static TheoryData<string> Values => new()
    {
        "héllo wörld ✓ 日本語",
        "rocket 🚀 and 𝄞 outside the BMP",
        "quote \" backslash \\ tab \t newline \n",
        "right-to-left override \u202e and zero width joiner \u200d",
        "next line \u0085 line separator \u2028 paragraph separator \u2029 bom \ufeff",
        "delete \u007f and bell \u0007",
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void A_string_survives_the_yaml_reader_of_the_apply_body(string value)
    {
        var body = new JsonObject { ["value"] = value };

        var bytes = KubeClient.SerializeForApply(body, KubeJsonContext.Default.JsonObject);

        JsonNode.Parse(bytes)!["value"]!.GetValue<string>().ShouldBe(value, "still JSON");
        var yaml = new YamlStream();
        yaml.Load(new StringReader(Encoding.UTF8.GetString(bytes)));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        ((YamlScalarNode)root.Children[new YamlScalarNode("value")]).Value.ShouldBe(value, "read back as YAML");
    }

    [Fact]
    public void Characters_outside_the_BMP_are_written_raw_not_as_surrogate_escapes()
    {
        var text = Encoding.UTF8.GetString(KubeClient.SerializeForApply(new JsonObject { ["v"] = "🚀" }, KubeJsonContext.Default.JsonObject));

        text.ShouldBe("{\"v\":\"🚀\"}");
    }

    [Fact]
    public void Yaml_line_breaks_and_controls_are_escaped()
    {
        var text = Encoding.UTF8.GetString(KubeClient.SerializeForApply(new JsonObject { ["v"] = "a\u0085b\u2028c\u0001" }, KubeJsonContext.Default.JsonObject));

        text.ShouldBe("{\"v\":\"a\\u0085b\\u2028c\\u0001\"}");
    }

    [Fact]
    public void The_default_escaping_would_not_survive_yaml()
    {
        // Why the encoder exists: the serializer's default writes a surrogate pair escape.
        JsonSerializer.Serialize("🚀").ShouldBe("\"\\uD83D\\uDE80\"");
    }
}
