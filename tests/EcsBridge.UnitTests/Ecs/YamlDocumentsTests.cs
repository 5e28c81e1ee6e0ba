using System.Text.Json.Nodes;
using EcsBridge.Core.Ecs;

namespace EcsBridge.UnitTests.Ecs;

public sealed class YamlDocumentsTests
{
    private static JsonNode? Value(string yaml) => YamlDocuments.Parse("v: " + yaml + "\n", "t.yaml").Single().Node["v"];

    [Theory]
    [InlineData("3000", "3000")]
    [InlineData("-7", "-7")]
    [InlineData("1.50", "1.50")]
    [InlineData("1e3", "1000")]
    [InlineData("0x1F", "31")]
    [InlineData("0o17", "15")]
    [InlineData("true", "true")]
    [InlineData("False", "false")]
    [InlineData("\"3000\"", "\"3000\"")]
    [InlineData("'true'", "\"true\"")]
    [InlineData("yes", "\"yes\"")]
    [InlineData("on", "\"on\"")]
    [InlineData("1.2.3", "\"1.2.3\"")]
    [InlineData("nginx:1.25", "\"nginx:1.25\"")]
    [InlineData("!!str 42", "\"42\"")]
    [InlineData(".inf", "\".inf\"")]
    public void Plain_scalars_resolve_by_the_yaml_1_2_core_schema_and_quoted_ones_stay_text(string yaml, string json)
    {
        Value(yaml)!.ToJsonString().ShouldBe(json);
    }

    [Theory]
    [InlineData("~")]
    [InlineData("null")]
    [InlineData("")]
    public void Null_words_and_empty_values_are_null(string yaml)
    {
        Value(yaml).ShouldBeNull();
    }

    [Fact]
    public void Several_documents_come_back_in_order_with_their_lines_and_empty_ones_are_skipped()
    {
        var documents = YamlDocuments.Parse("a: 1\n---\n---\n# only a comment\n---\nb: 2\n", "t.yaml");

        documents.Select(d => d.Node.ToJsonString()).ShouldBe(["{\"a\":1}", "{\"b\":2}"]);
        documents[1].Line.ShouldBe(5);
        documents[1].Index.ShouldBe(1);
    }

    [Fact]
    public void Anchors_aliases_and_merge_keys_are_expanded()
    {
        var node = YamlDocuments.Parse("base: &b {cpu: 256, memory: 512}\nc:\n  <<: *b\n  memory: 1024\n", "t.yaml").Single().Node;

        node["c"]!.ToJsonString().ShouldBe("{\"memory\":1024,\"cpu\":256}");
    }

    [Fact]
    public void Block_scalars_keep_their_newlines()
    {
        var node = YamlDocuments.Parse("script: |\n  echo one\n  echo two\n", "t.yaml").Single().Node;

        node["script"]!.GetValue<string>().ShouldBe("echo one\necho two\n");
    }

    [Theory]
    [InlineData("a: 1\na: 2\n", "t.yaml:2:1: malformed YAML: the key 'a' appears twice in one mapping")]
    [InlineData("a: !Ref Thing\n", "t.yaml:1:4: malformed YAML: the YAML tag !Ref is not supported")]
    [InlineData("a: *missing\n", "malformed YAML")]
    [InlineData("a: [1, 2\n", "t.yaml:2:1: malformed YAML")]
    [InlineData("? [a, b]\n: c\n", "only plain text keys")]
    public void Broken_yaml_is_reported_with_the_position(string yaml, string message)
    {
        var ex = Should.Throw<EcsInputException>(() => YamlDocuments.Parse(yaml, "t.yaml"));

        ex.Message.ShouldContain(message);
    }
}
