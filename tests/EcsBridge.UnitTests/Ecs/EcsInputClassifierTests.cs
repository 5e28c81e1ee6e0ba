using System.Text.Json.Nodes;
using EcsBridge.Core.Ecs;

namespace EcsBridge.UnitTests.Ecs;

public sealed class EcsInputClassifierTests
{
    private readonly List<Diagnostic> _diagnostics = [];

    private IReadOnlyList<EcsInputItem> Classify(params string[] json) =>
        EcsInputClassifier.Classify([.. json.Select((j, i) => new InputDocument(JsonNode.Parse(j)!, i, i + 1))], _diagnostics);

    [Fact]
    public void Describe_task_definition_output_is_unwrapped_and_keeps_its_sibling_tags()
    {
        var item = Classify("""{"taskDefinition": {"family": "web"}, "tags": [{"key": "a", "value": "b"}]}""").Single();

        item.Shape.ShouldBe(EcsInputShape.DescribeTaskDefinition);
        item.Body["family"]!.GetValue<string>().ShouldBe("web");
        item.SiblingTags!.ToJsonString().ShouldBe("""[{"key":"a","value":"b"}]""");
    }

    [Fact]
    public void Describe_services_output_gives_one_item_per_service_and_notes_failures()
    {
        var items = Classify("""{"services": [{"serviceName": "a"}, {"serviceName": "b"}], "failures": [{"arn": "arn:x/c", "reason": "MISSING"}]}""");

        items.Select(i => i.Shape).ShouldBe([EcsInputShape.DescribeServices, EcsInputShape.DescribeServices]);
        items[1].Origin.ShouldBe("input, services[1]");
        _diagnostics.Single().ToString().ShouldBe("note: input, failures[0]: arn:x/c: MISSING; ignored");
    }

    [Fact]
    public void A_bare_array_of_containers_is_one_task_definition()
    {
        var item = Classify("""[{"name": "a", "image": "x"}, {"name": "b", "image": "y"}]""").Single();

        item.Shape.ShouldBe(EcsInputShape.ContainerDefinitions);
        item.Body["containerDefinitions"]!.AsArray().Count.ShouldBe(2);
    }

    [Fact]
    public void An_array_of_documents_is_flattened()
    {
        var items = Classify("""[{"family": "web", "containerDefinitions": []}, {"serviceName": "web", "taskDefinition": "web"}]""");

        items.Select(i => i.Shape).ShouldBe([EcsInputShape.RegisterTaskDefinition, EcsInputShape.CreateService]);
        items[1].Origin.ShouldBe("input[1]");
    }

    [Fact]
    public void Create_service_output_is_unwrapped()
    {
        Classify("""{"service": {"serviceName": "web"}}""").Single().Shape.ShouldBe(EcsInputShape.CreateService);
    }

    [Fact]
    public void Kubernetes_lists_are_split_into_their_items()
    {
        var items = Classify("""{"apiVersion": "v1", "kind": "List", "items": [{"apiVersion": "ecsbridge.io/v1alpha1", "kind": "EcsService", "metadata": {"name": "a"}}]}""");

        items.Single().Shape.ShouldBe(EcsInputShape.KubernetesObject);
    }

    [Fact]
    public void A_wrong_api_version_is_an_error()
    {
        var ex = Should.Throw<EcsInputException>(() => Classify("""{"apiVersion": "ecsbridge.io/v1", "kind": "EcsService"}"""));

        ex.Message.ShouldContain("EcsService has apiVersion 'ecsbridge.io/v1'; expected ecsbridge.io/v1alpha1");
    }

    [Fact]
    public void A_scalar_document_is_an_error()
    {
        Should.Throw<EcsInputException>(() => Classify("42")).Message.ShouldContain("found 42");
    }
}
