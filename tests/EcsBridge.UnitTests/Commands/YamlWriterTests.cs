using System.Text.Json.Nodes;
using EcsBridge.Core.Ecs;
using EcsBridge.Kubernetes.Json;

namespace EcsBridge.UnitTests.Commands;

public sealed class YamlWriterTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("nginx:1.25", "nginx:1.25")]
    [InlineData("arn:aws:iam::1:role/x", "arn:aws:iam::1:role/x")]
    [InlineData("3000", "\"3000\"")]
    [InlineData("1e3", "\"1e3\"")]
    [InlineData("0x1F", "\"0x1F\"")]
    [InlineData("1:30", "\"1:30\"")]
    [InlineData("yes", "\"yes\"")]
    [InlineData("Off", "\"Off\"")]
    [InlineData("null", "\"null\"")]
    [InlineData("~", "\"~\"")]
    [InlineData("", "\"\"")]
    [InlineData(" padded", "\" padded\"")]
    [InlineData("-c", "\"-c\"")]
    [InlineData("a: b", "\"a: b\"")]
    [InlineData("ends:", "\"ends:\"")]
    [InlineData("x #y", "\"x #y\"")]
    [InlineData("*alias", "\"*alias\"")]
    [InlineData("two\nlines", "\"two\\nlines\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("café", "café")]
    public void Strings_are_quoted_exactly_when_a_yaml_reader_could_misread_them(string text, string yaml)
    {
        YamlWriter.String(text).ShouldBe(yaml);
    }

    [Theory]
    [InlineData("""{"a": 1, "b": [1, "2", true, null], "c": {"d": {}, "e": []}, "f": "x: y"}""")]
    [InlineData("""[{"name": "a", "items": [[1, 2], []]}, "yes", 1.5, -3, "0o17", "\t"]""")]
    [InlineData("""{"annotations": {"ecsbridge.io/tag.team": "payments", "weird key: x": "v", "": "empty"}}""")]
    public void What_is_written_reads_back_as_the_same_json(string json)
    {
        var node = JsonNode.Parse(json);

        var yaml = YamlWriter.ToYaml(node);
        var back = YamlDocuments.Parse(yaml, "t.yaml").Single().Node;

        back.ToJsonString().ShouldBe(node!.ToJsonString());
    }

    [Fact]
    public void Documents_are_separated_and_lists_are_indented_under_their_key()
    {
        using var output = new StringWriter();

        YamlWriter.WriteDocuments(output, [JsonNode.Parse("""{"a": [{"b": 1, "c": 2}]}""")!, JsonNode.Parse("""{"d": 3}""")!]);

        output.ToString().ShouldBe("---\na:\n  - b: 1\n    c: 2\n---\nd: 3\n");
    }
}
