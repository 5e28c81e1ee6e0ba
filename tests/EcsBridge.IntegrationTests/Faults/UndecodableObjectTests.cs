using System.Diagnostics;
using System.Text.Json.Nodes;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Watch;
using Xunit.Abstractions;

namespace EcsBridge.IntegrationTests.Faults;

/// <summary>An EcsService the operator's model cannot read (desiredCount "many", stored while a looser CRD was
/// installed) is skipped, logged once and counted, in the initial list and then in a watch event, while another
/// EcsService in the same namespace keeps reconciling.</summary>
[Collection(FaultsCollection.Name)]
public sealed class UndecodableObjectTests(ControlPlaneFixture fixture, ITestOutputHelper output)
{
    private const string Resource = "resource=\"ecsservices.v1alpha1.ecsbridge.io\"";

    private static JsonObject Poison(string name) => JsonNode.Parse($$$"""
        {"apiVersion":"ecsbridge.io/v1alpha1","kind":"EcsService","metadata":{"name":"{{{name}}}"},
         "spec":{"taskDefinition":"web","desiredCount":"many"}}
        """)!.AsObject();

    [Fact]
    public async Task An_EcsService_the_model_cannot_read_is_skipped_logged_once_and_counted_and_the_others_keep_reconciling()
    {
        var clock = Stopwatch.StartNew();
        var ns = await fixture.CreateNamespaceAsync("poison");
        await CrdInstaller.EnsureInstalledAsync(fixture);
        using var admin = fixture.CreateAdminClient();

        // 1. Stored before the operator starts: the operator's first list holds it.
        await LooseCrd.CreateUnreadableAsync(admin, ns, Poison("poison-1"));
        var stored = await admin.GetAsync(OperatorResources.EcsServices, ns, "poison-1", KubeJsonContext.Default.JsonObject);
        stored["spec"]!["desiredCount"]!.GetValue<string>().ShouldBe("many", "the API server must serve the object as stored");
        await Ecs.ApplyAsync(admin, ns, Ecs.TaskDefinition("web"));
        await Ecs.ApplyAsync(admin, ns, Ecs.Service("good", "web", desiredCount: 0));

        await using var op = await FaultProcesses.StartAsync(fixture, ns, "poison");
        await WaitConvergedAsync(admin, ns, op, Ecs.Service("good", "web", desiredCount: 0), "after the first list");
        (await DecodeErrorsAsync(op)).ShouldBeGreaterThanOrEqualTo(1);

        // 2. Arriving through the watch: the watch moves past it, and later changes still arrive.
        await LooseCrd.CreateUnreadableAsync(admin, ns, Poison("poison-2"));
        await Ecs.ApplyAsync(admin, ns, Ecs.Service("good", "web", desiredCount: 2));
        await WaitConvergedAsync(admin, ns, op, Ecs.Service("good", "web", desiredCount: 2), "after a change that followed the second unreadable object");
        await Ecs.EventuallyAsync(async () => await DecodeErrorsAsync(op) >= 2 ? "counted" : null, "the second skip counted\n" + op.Tail(30));

        var logged1 = FaultProcesses.CountLog(op, $"{ns}/poison-1 at resourceVersion");
        var logged2 = FaultProcesses.CountLog(op, $"{ns}/poison-2 at resourceVersion");
        var errors = await DecodeErrorsAsync(op);
        output.WriteLine($"decode errors counted: {errors}; log lines: poison-1 {logged1}, poison-2 {logged2}; {clock.Elapsed.TotalSeconds:0} s");
        logged1.ShouldBe(1, op.Tail(40));
        logged2.ShouldBe(1, op.Tail(40));
        (await op.GetAsync(op.HealthPort, "/healthz")).ShouldBe((200, "ok"));
        op.IsRunning.ShouldBeTrue();
        FaultProcesses.CrashLines(op).ShouldBeEmpty();

        // The unreadable objects can still be deleted (a delete needs only the name), and the operator follows.
        await admin.DeleteAsync(OperatorResources.EcsServices, ns, "poison-1");
        await admin.DeleteAsync(OperatorResources.EcsServices, ns, "poison-2");
        await Ecs.ApplyAsync(admin, ns, Ecs.Service("good", "web", desiredCount: 1));
        await WaitConvergedAsync(admin, ns, op, Ecs.Service("good", "web", desiredCount: 1), "after the unreadable objects were deleted");
    }

    private static async Task WaitConvergedAsync(Kubernetes.Http.KubeClient admin, string ns, OperatorProcess op, string serviceJson, string when)
    {
        string? why = null;
        await Ecs.EventuallyAsync(async () => (why = await ConvergenceOracle.DivergenceAsync(admin, ns, Ecs.TaskDefinition("web"), serviceJson)) is null ? "converged" : null,
            $"EcsService good converged {when}: {why}\n--- operator log ---\n{op.Tail(40)}", 90);
    }

    private static async Task<double> DecodeErrorsAsync(OperatorProcess op) =>
        OperatorProcess.Metric(await op.ScrapeAsync(), "ecsbridge_informer_decode_errors_total", Resource);
}
