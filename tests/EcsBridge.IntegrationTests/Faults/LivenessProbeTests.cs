using System.Diagnostics;
using EcsBridge.IntegrationTests.Client;
using EcsBridge.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace EcsBridge.IntegrationTests.Faults;

/// <summary>/healthz tells the truth: with kube-apiserver stopped, the operator's watches cannot reconnect, and once
/// that has lasted longer than --watch-liveness-threshold (3 s here) /healthz answers 503 naming the watches; when
/// the API server is back, it answers 200 again and the operator reconciles as before.</summary>
[Collection(FaultsCollection.Name)]
public sealed class LivenessProbeTests(ControlPlaneFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Healthz_fails_naming_the_watches_while_the_API_server_is_down_past_the_threshold_and_recovers_when_it_is_back()
    {
        var clock = Stopwatch.StartNew();
        var ns = await fixture.CreateNamespaceAsync("healthz");
        using var admin = fixture.CreateAdminClient();
        await ControllerManagerReady.WaitAsync(fixture);
        await using var op = await FaultProcesses.StartAsync(fixture, ns, "healthz", "--watch-liveness-threshold=3s");
        (await op.GetAsync(op.HealthPort, "/healthz")).ShouldBe((200, "ok"));

        string unhealthy;
        try
        {
            await fixture.Plane.StopApiServerAsync();
            // Each watch notices on its own (within a backoff step of the others): wait until both kinds are named.
            unhealthy = await Ecs.EventuallyAsync(async () => await op.GetAsync(op.HealthPort, "/healthz") is (503, var body)
                    && body.Contains($"watch:ecsservices.ecsbridge.io/{ns}: ", StringComparison.Ordinal)
                    && body.Contains($"watch:deployments.apps/{ns}: ", StringComparison.Ordinal) ? body : null,
                "/healthz failing, naming the watches, while the API server is down\n" + op.Tail(30), 60);
            output.WriteLine($"/healthz after {clock.Elapsed.TotalSeconds:0} s with the API server down:\n{unhealthy}");
        }
        finally
        {
            if (!fixture.Plane.ApiServer.IsRunning)
            {
                await fixture.Plane.StartApiServerAsync();
            }
        }
        unhealthy.ShouldStartWith("unhealthy\n");
        unhealthy.ShouldContain($"watch:ecsservices.ecsbridge.io/{ns}: not connected for ");
        unhealthy.ShouldContain($"watch:deployments.apps/{ns}: not connected for ");
        unhealthy.ShouldContain("(threshold 3 s); last error: ");

        // The informers back off for up to 30 s between tries, so recovery may take that long.
        await Ecs.EventuallyAsync(async () => await op.GetAsync(op.HealthPort, "/healthz") is (200, "ok") ? "ok" : null,
            "/healthz back to 200 once the API server is back\n" + op.Tail(30), 90);
        await Ecs.ApplyAsync(admin, ns, Ecs.TaskDefinition("web"));
        await Ecs.ApplyAsync(admin, ns, Ecs.Service("after", "web", desiredCount: 0));
        string? why = null;
        await Ecs.EventuallyAsync(async () => (why = await ConvergenceOracle.DivergenceAsync(admin, ns, Ecs.TaskDefinition("web"), Ecs.Service("after", "web", desiredCount: 0))) is null ? "converged" : null,
            $"a service created after the outage converged: {why}\n{op.Tail(30)}", 90);
        (await op.GetAsync(op.HealthPort, "/healthz")).ShouldBe((200, "ok"));
        op.IsRunning.ShouldBeTrue();
        FaultProcesses.CrashLines(op).ShouldBeEmpty();
    }
}
