using EcsBridge.Core.Build;

namespace EcsBridge.UnitTests.Build;

public sealed class NamesTests
{
    [Theory]
    [InlineData("web", "web")]
    [InlineData("My_Service", "my-service")]
    [InlineData("-edge-", "edge")]
    [InlineData("a.b", "a-b")]
    public void Labels_are_lower_case_dns_names(string input, string expected) =>
        Names.Dns1123Label(input).ShouldBe(expected);

    [Fact]
    public void Long_labels_are_cut_to_63_characters_with_a_stable_hash()
    {
        var input = new string('a', 80);

        var name = Names.Dns1123Label(input);

        name.Length.ShouldBe(63);
        name.ShouldBe(Names.Dns1123Label(input));
        name.ShouldNotBe(Names.Dns1123Label(new string('a', 81)));
        name.ShouldEndWith("-" + Names.Hash(input));
    }

    [Theory]
    [InlineData("http", "http")]
    [InlineData("web_http", "web-http")]
    [InlineData("8080", "p-8080")]
    [InlineData("a__b", "a-b")]
    public void Port_names_become_iana_service_names(string input, string expected) =>
        Names.PortName(input).ShouldBe(expected);

    [Fact]
    public void Long_port_names_fit_fifteen_characters()
    {
        var name = Names.PortName("very-long-port-name-for-admin");

        name.Length.ShouldBeLessThanOrEqualTo(15);
        name.ShouldNotStartWith("-");
        name.ShouldNotEndWith("-");
        name.ShouldNotContain("--");
    }

    [Theory]
    [InlineData("com.example.team", "com.example.team")]
    [InlineData("com.example/owner", "com.example_owner")]
    [InlineData("cost center", "cost_center")]
    public void Annotation_key_names_replace_invalid_characters(string input, string expected) =>
        Names.QualifiedNamePart(input).ShouldBe(expected);
}
