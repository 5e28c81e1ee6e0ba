using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using EcsBridge.Core.Ecs;

namespace EcsBridge.UnitTests.Ecs;

public sealed record NormalizerSample
{
    public required string Name { get; init; }

    public int? Count { get; init; }

    public bool? Flag { get; init; }

    public double? Ratio { get; init; }

    public string? ExecutionRoleArn { get; init; }

    public IReadOnlyList<NormalizerItem>? Items { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    public NormalizerNested? Nested { get; init; }
}

public sealed record NormalizerNested
{
    public NormalizerItem? Inner { get; init; }

    public string? Label { get; init; }
}

public sealed record NormalizerItem
{
    public required int Port { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(NormalizerSample))]
internal sealed partial class NormalizerTestContext : JsonSerializerContext;

public sealed class LenientNormalizerTests
{
    private readonly LenientNormalizer _normalizer = new(NormalizerTestContext.Default.Options);
    private readonly List<Diagnostic> _diagnostics = [];
    private readonly List<string> _errors = [];

    private JsonNode? Normalize(string json) =>
        _normalizer.Normalize(JsonNode.Parse(json), typeof(NormalizerSample), "x", _diagnostics, _errors);

    [Fact]
    public void Null_values_empty_text_empty_lists_and_empty_maps_are_absent()
    {
        var node = Normalize("""{"name": "a", "count": null, "executionRoleArn": "", "items": [], "labels": {}}""");

        node!.ToJsonString().ShouldBe("""{"name":"a"}""");
        _diagnostics.ShouldBeEmpty();
        _errors.ShouldBeEmpty();
    }

    [Fact]
    public void Whole_number_strings_become_numbers_with_a_warning()
    {
        var node = Normalize("""{"name": "a", "count": " 3000 ", "items": [{"port": "80"}]}""");

        node!.ToJsonString().ShouldBe("""{"name":"a","count":3000,"items":[{"port":80}]}""");
        _diagnostics.Select(d => d.ToString()).ShouldBe([
            "warning: x.count: the string \" 3000 \" where a number is expected; read as 3000",
            "warning: x.items[0].port: the string \"80\" where a number is expected; read as 80",
        ]);
    }

    [Theory]
    [InlineData("\"abc\"", "x.count: expected a whole number, found \"abc\"")]
    [InlineData("\"1.5\"", "x.count: expected a whole number, found \"1.5\"")]
    [InlineData("1.5", "x.count: expected a whole number between -2147483648 and 2147483647, found 1.5")]
    [InlineData("99999999999", "x.count: expected a whole number between -2147483648 and 2147483647, found 99999999999")]
    [InlineData("{}", "x.count: expected a whole number, found an object")]
    [InlineData("true", "x.count: expected a whole number, found true")]
    public void Values_that_are_not_whole_numbers_are_errors(string value, string error)
    {
        Normalize($$"""{"name": "a", "count": {{value}}}""");

        _errors.ShouldBe([error]);
    }

    [Fact]
    public void Booleans_and_reals_written_as_strings_are_read_with_a_warning()
    {
        var node = Normalize("""{"name": "a", "flag": "TRUE", "ratio": "70.5"}""");

        node!.ToJsonString().ShouldBe("""{"name":"a","flag":true,"ratio":70.5}""");
        _diagnostics.Count.ShouldBe(2);
    }

    [Fact]
    public void Numbers_and_booleans_where_text_is_expected_become_text_silently()
    {
        var node = Normalize("""{"name": 42, "labels": {"debug": false}}""");

        node!.ToJsonString().ShouldBe("""{"name":"42","labels":{"debug":"false"}}""");
        _diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void Keys_that_differ_only_in_case_take_the_model_spelling_with_a_note()
    {
        var node = Normalize("""{"name": "a", "executionRoleARN": "arn:x"}""");

        node!["executionRoleArn"]!.GetValue<string>().ShouldBe("arn:x");
        _diagnostics.Single().ToString().ShouldBe("note: x.executionRoleARN: read as 'executionRoleArn'");
    }

    [Fact]
    public void Unknown_keys_are_dropped_with_a_warning()
    {
        var node = Normalize("""{"name": "a", "versionConsistency": "enabled"}""");

        node!.ToJsonString().ShouldBe("""{"name":"a"}""");
        _diagnostics.Single().ToString().ShouldBe("warning: x.versionConsistency: unknown field; ignored");
    }

    [Fact]
    public void Missing_required_fields_are_errors_with_their_path()
    {
        Normalize("""{"items": [{"portNumber": 80}]}""");

        _errors.ShouldBe(["x.items[0].port: required, but missing", "x.name: required, but missing"]);
    }

    [Fact]
    public void An_object_of_only_empty_values_is_absent_with_a_note_instead_of_missing_its_required_fields()
    {
        var node = Normalize("""{"name": "a", "nested": {"inner": {"port": null}, "label": ""}, "items": [{}, {"port": 80}, {"port": ""}]}""");

        node!.ToJsonString().ShouldBe("""{"name":"a","items":[{"port":80}]}""");
        _errors.ShouldBeEmpty();
        _diagnostics.Select(d => d.ToString()).ShouldBe([
            "note: x.nested.inner: has only empty values; read as absent",
            "note: x.nested: has only empty values; read as absent",
            "note: x.items[0]: {} is read as absent",
            "note: x.items[2]: has only empty values; read as absent",
        ]);
    }

    [Fact]
    public void The_document_itself_is_never_made_absent()
    {
        Normalize("""{"name": ""}""")!.ToJsonString().ShouldBe("{}");

        _errors.ShouldBe(["x.name: required, but missing"]);
    }

    [Fact]
    public void The_same_field_spelled_twice_is_an_error()
    {
        Normalize("""{"name": "a", "count": 1, "COUNT": 2}""");

        _errors.ShouldBe(["x.COUNT: 'count' is given twice (spelled differently)"]);
    }
}
