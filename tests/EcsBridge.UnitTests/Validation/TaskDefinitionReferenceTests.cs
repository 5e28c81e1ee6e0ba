using EcsBridge.Core.Validation;

namespace EcsBridge.UnitTests.Validation;

public sealed class TaskDefinitionReferenceTests
{
    [Theory]
    [InlineData("web", "web", null)]
    [InlineData("web:7", "web", 7)]
    [InlineData("arn:aws:ecs:us-east-1:123456789012:task-definition/web:12", "web", 12)]
    [InlineData("arn:aws:ecs:us-east-1:123456789012:task-definition/web", "web", null)]
    [InlineData("arn:aws-cn:ecs:cn-north-1:123456789012:task-definition/my_app:3", "my_app", 3)]
    public void Family_revision_and_arn_forms_are_understood(string text, string family, int? revision)
    {
        TaskDefinitionReference.TryParse(text, out var reference).ShouldBeTrue();
        reference.Family.ShouldBe(family);
        reference.Revision.ShouldBe(revision);
    }

    [Theory]
    [InlineData("")]
    [InlineData("web:")]
    [InlineData("web:0")]
    [InlineData("web:x")]
    [InlineData("a/b")]
    [InlineData("arn:aws:s3:::bucket/web:1")]
    public void Malformed_references_are_refused(string text)
    {
        TaskDefinitionReference.TryParse(text, out _).ShouldBeFalse();
    }

    [Fact]
    public void A_reference_prints_as_family_colon_revision()
    {
        new TaskDefinitionReference("web", 3).ToString().ShouldBe("web:3");
        new TaskDefinitionReference("web", null).ToString().ShouldBe("web");
    }
}
