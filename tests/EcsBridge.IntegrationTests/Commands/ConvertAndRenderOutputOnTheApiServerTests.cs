using System.Text.Json.Nodes;
using EcsBridge.Commands;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Output;
using static EcsBridge.IntegrationTests.Commands.ApiServerApply;

namespace EcsBridge.IntegrationTests.Commands;

/// <summary>What convert writes is accepted by the real API server under the generated CRDs, and what render
/// writes for Kubernetes 1.20 is accepted as Deployments, Services and autoscaling/v2beta2 HPAs. (The round trip
/// through the operator — its children equal render's — is the operator's test.)</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class ConvertAndRenderOutputOnTheApiServerTests(ControlPlaneFixture fixture)
{
    private const string FieldManager = "ecsbridge-cli-tests";

    private static string TestData(ControlPlaneFixture fixture) =>
        Path.Combine(fixture.RepositoryRoot, "tests", "EcsBridge.UnitTests", "Commands", "testdata");

    public static TheoryData<string> ConvertCases => new()
    {
        "describe-task-definition", "register-task-definition", "bare-container-definitions", "describe-services",
        "create-service", "concatenated-documents", "json-array-output", "ecsbridge-yaml", "export-edge-values",
    };

    public static TheoryData<string> RenderCases => new()
    {
        "render-checkout", "render-pinned-revision", "render-old-cluster", "concatenated-documents", "ecsbridge-yaml",
        "export-edge-values",
    };

    [Theory]
    [MemberData(nameof(ConvertCases))]
    public async Task Converted_objects_are_accepted_by_the_api_server_under_the_generated_crds(string name)
    {
        await InstallCrdsAsync(fixture, FieldManager);
        var ns = await fixture.CreateNamespaceAsync("convert");
        var input = Directory.GetFiles(Path.Combine(TestData(fixture), name), "input.*").Single();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await ConvertCommand.RunAsync(input, Stream.Null, stdout, stderr,
            new ConvertCommand.Settings { Namespace = ns, Output = OutputFormat.Json }, CancellationToken.None);

        code.ShouldBe(0, stderr.ToString());
        var items = JsonNode.Parse(stdout.ToString())!["items"]!.AsArray();
        items.Count.ShouldBeGreaterThan(0);
        foreach (var item in items)
        {
            var stored = await ApplyPrintedAsync(fixture, FieldManager, ns, item!);
            // The schema prunes unknown fields: what convert wrote must survive unchanged.
            ShouldBeKeptIn(item!["spec"], stored["spec"], $"{item["kind"]}/{item["metadata"]!["name"]}.spec");
        }
    }

    [Theory]
    [MemberData(nameof(RenderCases))]
    public async Task Rendered_children_for_kubernetes_1_20_are_accepted_by_the_api_server(string name)
    {
        var ns = await fixture.CreateNamespaceAsync("render");
        var input = Directory.GetFiles(Path.Combine(TestData(fixture), name), "input.*").Single();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = await RenderCommand.RunAsync(input, Stream.Null, stdout, stderr,
            new RenderCommand.Settings { Namespace = ns, Output = OutputFormat.Json, KubernetesVersion = "1.20" }, CancellationToken.None);

        code.ShouldBe(0, stderr.ToString());
        foreach (var item in JsonNode.Parse(stdout.ToString())!["items"]!.AsArray())
        {
            var stored = await ApplyPrintedAsync(fixture, FieldManager, ns, item!);
            stored["metadata"]!["labels"]!.ToJsonString().ShouldBe(item!["metadata"]!["labels"]!.ToJsonString());
        }
    }
}
