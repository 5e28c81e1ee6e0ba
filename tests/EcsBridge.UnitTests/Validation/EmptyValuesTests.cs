using System.Text.Json;
using EcsBridge.Api;
using EcsBridge.Core.Validation;

namespace EcsBridge.UnitTests.Validation;

public sealed class EmptyValuesTests
{
    private static EcsTaskDefinitionSpec Spec(string json) => JsonSerializer.Deserialize(json, ApiJsonContext.Default.EcsTaskDefinitionSpec)!;

    private static string Json(EcsTaskDefinitionSpec spec) => JsonSerializer.Serialize(spec, ApiJsonContext.Default.EcsTaskDefinitionSpec);

    [Fact]
    public void A_spec_without_empty_values_comes_back_as_the_same_instance()
    {
        var spec = Spec("""{"containerDefinitions":[{"name":"app","image":"nginx","environment":[{"name":"A","value":"1"}]}]}""");

        var given = EmptyValues.Drop(spec);

        given.Spec.ShouldBeSameAs(spec);
        given.Notes.ShouldBeEmpty();
        given.Errors.ShouldBeEmpty();
    }

    [Fact]
    public void Empty_text_lists_maps_and_objects_of_nothing_else_are_absent_with_a_note_for_each_object()
    {
        var spec = Spec("""
            {"taskRoleArn":"","networkMode":"","volumes":[],
             "containerDefinitions":[{"name":"app","image":"nginx","user":"","mountPoints":[],"dockerLabels":{},
               "repositoryCredentials":{"credentialsParameter":""},
               "logConfiguration":{"logDriver":"","options":{},"secretOptions":[]}}]}
            """);

        var given = EmptyValues.Drop(spec);

        Json(given.Spec).ShouldBe("""{"containerDefinitions":[{"name":"app","image":"nginx"}]}""");
        given.Errors.ShouldBeEmpty();
        given.Notes.Select(n => n.Path).ShouldBe(["spec.containerDefinitions[0].repositoryCredentials", "spec.containerDefinitions[0].logConfiguration"], ignoreOrder: true);
        given.Notes.ShouldAllBe(n => n.Reason == ValidationReasons.ReadAsAbsent && n.Message.Contains("absent"));
    }

    [Fact]
    public void An_object_whose_required_field_is_empty_while_others_are_set_is_an_error()
    {
        var spec = Spec("""{"containerDefinitions":[{"name":"app","image":"nginx","logConfiguration":{"logDriver":"","options":{"tag":"x"}}}]}""");

        var given = EmptyValues.Drop(spec);

        var error = given.Errors.ShouldHaveSingleItem();
        error.Path.ShouldBe("spec.containerDefinitions[0].logConfiguration.logDriver");
        error.Reason.ShouldBe(ValidationReasons.MissingField);
        given.Spec.ShouldBeSameAs(spec);
    }
}
