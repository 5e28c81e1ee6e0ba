using System.Text.Json.Nodes;
using EcsBridge.Apply;

namespace EcsBridge.UnitTests.Apply;

public sealed class LiveObjectComparerTests
{
    private static bool Covers(string live, string desired) => LiveObjectComparer.Covers(JsonNode.Parse(live), JsonNode.Parse(desired));

    [Fact]
    public void Fields_added_by_the_server_do_not_count_as_a_difference() =>
        Covers("""{"spec":{"replicas":2,"revisionHistoryLimit":10,"progressDeadlineSeconds":600}}""", """{"spec":{"replicas":2}}""").ShouldBeTrue();

    [Fact]
    public void A_changed_value_we_set_is_a_difference() =>
        Covers("""{"spec":{"replicas":5}}""", """{"spec":{"replicas":2}}""").ShouldBeFalse();

    [Fact]
    public void A_missing_field_we_set_is_a_difference() =>
        Covers("""{"spec":{}}""", """{"spec":{"paused":false}}""").ShouldBeFalse();

    [Fact]
    public void Lists_must_have_the_same_length_and_cover_element_by_element()
    {
        Covers("""{"ports":[{"port":80,"protocol":"TCP"}]}""", """{"ports":[{"port":80}]}""").ShouldBeTrue();
        Covers("""{"ports":[{"port":80},{"port":81}]}""", """{"ports":[{"port":80}]}""").ShouldBeFalse();
        Covers("""{"ports":[{"port":81}]}""", """{"ports":[{"port":80}]}""").ShouldBeFalse();
    }

    [Fact]
    public void A_list_the_server_returned_in_another_order_is_the_same_list() =>
        Covers("""{"metrics":[{"name":"memory"},{"name":"cpu"}]}""", """{"metrics":[{"name":"cpu"},{"name":"memory"}]}""").ShouldBeTrue();

    [Theory]
    [InlineData("500m", "0.5")]
    [InlineData("1Gi", "1024Mi")]
    [InlineData("1", "1000m")]
    [InlineData("128974848", "123Mi")]
    public void Quantities_in_another_canonical_form_are_equal(string live, string desired) =>
        Covers($$"""{"cpu":"{{live}}"}""", $$"""{"cpu":"{{desired}}"}""").ShouldBeTrue();

    [Fact]
    public void Different_quantities_differ() =>
        Covers("""{"memory":"512Mi"}""", """{"memory":"256Mi"}""").ShouldBeFalse();

    [Fact]
    public void Plain_strings_are_compared_exactly() =>
        Covers("""{"image":"nginx:1.27"}""", """{"image":"nginx:1.26"}""").ShouldBeFalse();

    [Fact]
    public void Numbers_compare_by_value() =>
        Covers("""{"n":1.0}""", """{"n":1}""").ShouldBeTrue();
}
