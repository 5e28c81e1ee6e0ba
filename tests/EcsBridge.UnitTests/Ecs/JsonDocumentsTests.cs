using EcsBridge.Core.Ecs;

namespace EcsBridge.UnitTests.Ecs;

public sealed class JsonDocumentsTests
{
    [Fact]
    public void Concatenated_values_are_separate_documents_with_their_starting_lines()
    {
        var documents = JsonDocuments.Parse("{\"a\": 1}\n{\"b\": 2}\n\n[3]", "t.json");

        documents.Select(d => d.Node.ToJsonString()).ShouldBe(["{\"a\":1}", "{\"b\":2}", "[3]"]);
        documents.Select(d => d.Line).ShouldBe([1, 2, 4]);
    }

    [Fact]
    public void Comments_and_trailing_commas_of_hand_edited_files_are_tolerated()
    {
        var documents = JsonDocuments.Parse("{\n  // the family\n  \"family\": \"web\",\n}\n", "t.json");

        documents.Single().Node["family"]!.GetValue<string>().ShouldBe("web");
    }

    [Fact]
    public void A_syntax_error_names_the_line_and_column()
    {
        var ex = Should.Throw<EcsInputException>(() => JsonDocuments.Parse("{\n  \"a\": 1\n  \"b\": 2\n}", "t.json"));

        ex.Message.ShouldStartWith("t.json:3:3: malformed JSON: ");
    }

    [Fact]
    public void A_key_given_twice_is_named()
    {
        var ex = Should.Throw<EcsInputException>(() => JsonDocuments.Parse("{\"a\": {\"x\": 1, \"x\": 2}}", "t.json"));

        ex.Message.ShouldContain("the key 'x' appears twice");
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused()
    {
        var deep = new string('[', InputLimits.MaxDepth + 1) + new string(']', InputLimits.MaxDepth + 1);

        Should.Throw<EcsInputException>(() => JsonDocuments.Parse(deep, "t.json")).Message.ShouldContain("malformed JSON");
    }

    [Fact]
    public void Yaml_flow_style_that_starts_with_a_brace_is_still_read()
    {
        var documents = InputDocuments.Parse("{family: web, containerDefinitions: []}", "t.yaml");

        documents.Single().Node["family"]!.GetValue<string>().ShouldBe("web");
    }
}
