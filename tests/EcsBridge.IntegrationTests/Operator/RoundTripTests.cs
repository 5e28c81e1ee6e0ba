using System.Text;
using System.Text.Json.Nodes;
using EcsBridge.Apply;
using EcsBridge.Commands;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Output;
using EcsBridge.Watch;
using static EcsBridge.IntegrationTests.Infrastructure.Ecs;

namespace EcsBridge.IntegrationTests.Operator;

/// <summary>Real AWS ECS JSON → `ecsbridge convert` → applied to the cluster → the operator's children equal what
/// `ecsbridge render` printed for the same JSON, field for field.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class RoundTripTests(ControlPlaneFixture fixture)
{
    [Theory]
    [InlineData("concatenated-documents")]
    [InlineData("render-checkout")]
    public async Task Converted_ECS_JSON_reconciles_to_exactly_what_render_prints(string testCase)
    {
        var ns = await fixture.CreateNamespaceAsync("rt");
        var input = Path.Combine(fixture.RepositoryRoot, "tests", "EcsBridge.UnitTests", "Commands", "testdata", testCase, "input.json");
        using var admin = fixture.CreateAdminClient();
        await using var op = await OperatorHarness.StartAsync(fixture, [ns]);

        var converted = await RunAsync(stdout => ConvertCommand.RunAsync(input, Stream.Null, stdout, TextWriter.Null,
            new ConvertCommand.Settings { Namespace = ns, Output = OutputFormat.Json }, CancellationToken.None));
        var rendered = await RunAsync(stdout => RenderCommand.RunAsync(input, Stream.Null, stdout, TextWriter.Null,
            new RenderCommand.Settings { Namespace = ns, Output = OutputFormat.Json, KubernetesVersion = "1.20" }, CancellationToken.None));

        // Task definitions first, as a user's kubectl apply of the file would land them.
        foreach (var item in converted["items"]!.AsArray().OfType<JsonObject>().OrderBy(o => Text(o["kind"]) == "EcsService"))
        {
            await ApplyAsync(admin, ns, item.ToJsonString());
        }

        var children = rendered["items"]!.AsArray().OfType<JsonObject>().ToList();
        children.Count.ShouldBeGreaterThan(0);
        foreach (var expected in children)
        {
            var kind = Text(expected["kind"])!;
            var name = Text(expected["metadata"]!["name"])!;
            var type = kind switch
            {
                "Deployment" => ResourceType.Deployments,
                "Service" => ResourceType.Services,
                "HorizontalPodAutoscaler" => ResourceType.HorizontalPodAutoscalersV2Beta2,
                "DaemonSet" => OperatorResources.DaemonSets,
                "ServiceAccount" => ResourceType.ServiceAccounts,
                "ControllerRevision" => OperatorResources.ControllerRevisions,
                _ => throw new InvalidOperationException("unexpected kind " + kind),
            };
            // Equal field for field: everything render printed is on the live object with the same value (the
            // server adds defaults and status; the operator adds only the owner reference).
            JsonObject? last = null;
            var live = await WaitForAsync(admin, type, ns, name, o => LiveObjectComparer.Covers(last = o, expected),
                $"{kind} {name} equal to render's output", 60).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result
                    : throw new ShouldAssertException($"{kind} {name} differs from render's output.\nrender: {expected.ToJsonString()}\nlive:   {last?.ToJsonString()}"));
            // One controller: the service for its children, the task definition for its revision (which the services
            // that run it co-own beside it, without controlling it). The family's ServiceAccount is owned by its one
            // service here, controlled by none.
            var owners = live["metadata"]!["ownerReferences"]!.AsArray();
            if (kind == "ServiceAccount")
            {
                owners.Count.ShouldBe(1);
            }
            else
            {
                owners.Count(o => o?["controller"]?.GetValue<bool>() == true).ShouldBe(1, owners.ToJsonString());
            }
        }
    }

    private static async Task<JsonNode> RunAsync(Func<TextWriter, Task<int>> command)
    {
        var sb = new StringBuilder();
        await using var writer = new StringWriter(sb);
        (await command(writer)).ShouldBe(0);
        return JsonNode.Parse(sb.ToString())!;
    }
}
