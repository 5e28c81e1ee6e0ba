using EcsBridge.Core.Ecs;

namespace EcsBridge.UnitTests.Ecs;

public sealed class EcsNamesTests
{
    [Theory]
    [InlineData("web", "web")]
    [InlineData("Web_App", "web-app")]
    [InlineData("_private-", "private")]
    [InlineData("API.v2", "api-v2")]
    public void Ecs_names_become_lower_case_dns_labels(string ecs, string kubernetes)
    {
        EcsNames.ToObjectName(ecs).ShouldBe(kubernetes);
    }

    [Fact]
    public void A_name_without_letters_or_digits_gives_nothing()
    {
        EcsNames.ToObjectName("___").ShouldBeNull();
    }

    [Fact]
    public void Long_names_are_cut_to_63_characters_and_stay_distinct()
    {
        var a = EcsNames.ToObjectName(new string('a', 200) + "1")!;
        var b = EcsNames.ToObjectName(new string('a', 200) + "2")!;

        a.Length.ShouldBeLessThanOrEqualTo(63);
        b.Length.ShouldBeLessThanOrEqualTo(63);
        a.ShouldNotBe(b);
        EcsNames.IsObjectName(a).ShouldBeTrue();
    }

    [Theory]
    [InlineData("2048-game", "svc-2048-game")]
    [InlineData("Checkout", "checkout")]
    public void Service_names_start_with_a_letter(string ecs, string kubernetes)
    {
        EcsNames.ToServiceName(ecs).ShouldBe(kubernetes);
    }

    [Theory]
    [InlineData("arn:aws:ecs:us-east-1:123456789012:task-definition/web:3", "web:3")]
    [InlineData("arn:aws:ecs:us-east-1:123456789012:task-definition/Web_App:12", "web-app:12")]
    [InlineData("web", "web")]
    [InlineData("web:7", "web:7")]
    [InlineData("Legacy_Worker", "legacy-worker")]
    public void Task_definition_references_are_reduced_to_family_and_revision(string reference, string reduced)
    {
        EcsNames.ToTaskDefinitionReference(reference).ShouldBe(reduced);
    }

    [Theory]
    [InlineData("web:latest")]
    [InlineData("arn:aws:s3:::bucket/web")]
    [InlineData("")]
    public void Malformed_references_give_nothing(string reference)
    {
        EcsNames.ToTaskDefinitionReference(reference).ShouldBeNull();
    }
}
