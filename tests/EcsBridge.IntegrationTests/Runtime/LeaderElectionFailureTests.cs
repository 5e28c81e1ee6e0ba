using System.Diagnostics;
using System.Text.Json.Nodes;
using EcsBridge.ControlPlane;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Config;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using Xunit.Abstractions;
using static EcsBridge.IntegrationTests.Infrastructure.Ecs;

namespace EcsBridge.IntegrationTests.Runtime;

/// <summary>Issue 13 item 3: any failure of leader election ends leadership. The operator runs as a process under
/// an identity whose lease rights come from a RoleBinding of their own; deleting that binding mid-run must stop
/// the leader's writes and make it exit non-zero within the renew deadline, and a standby that may not use the
/// Lease at all must exit too rather than wait for ever while /readyz says ready.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class LeaderElectionFailureTests(ControlPlaneFixture fixture, ITestOutputHelper output)
{
    /// <summary>ExitCodes.LeaderElectionLost, as the README documents it.</summary>
    private const int LeaderElectionLostExitCode = 3;

    private const string LeaseBinding = "lease-holder";

    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan RenewDeadline = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromSeconds(1);

    /// <summary>For a loaded machine (2 cores shared with the control plane and other test processes): RBAC
    /// propagation, the process's shutdown and its exit being reaped.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_leader_whose_lease_rights_are_revoked_stops_writing_and_exits_non_zero_within_the_renew_deadline()
    {
        await OperatorInstall.InstallAndWriteKubeconfigAsync(fixture);
        var ns = await fixture.CreateNamespaceAsync("le-revoke");
        using var admin = fixture.CreateAdminClient();
        var user = "le-revoke-" + Guid.NewGuid().ToString("N")[..8];
        await OperatorEndpointsTests.BindAsync(admin, ns, user);
        await GrantLeasesAsync(admin, ns, user);
        var kubeconfig = fixture.Plane.WriteKubeconfigFor(user);
        await WaitUntilLeasesAllowedAsync(kubeconfig, ns);
        await ApplyAsync(admin, ns, TaskDefinition("app"));
        await ApplyAsync(admin, ns, Service("web", "app", desiredCount: 1));

        using var op = StartOperator(kubeconfig, ns, out var metricsPort);
        await WaitForLeaderAsync(op, metricsPort);
        await WaitForAsync(admin, ResourceType.Deployments, ns, "web", d => d["spec"]?["replicas"]?.GetValue<int>() == 1,
            "the leader reconciled web\n" + op.Stdout);
        (await admin.GetAsync(ResourceType.Leases, ns, LeaseName(ns), KubeJsonContext.Default.JsonObject))["spec"]!["holderIdentity"]
            .ShouldNotBeNull();

        var revoked = Stopwatch.StartNew();
        await admin.DeleteAsync(ResourceType.RoleBindings, ns, LeaseBinding);
        await WaitUntilAsync(() => op.HasExited || op.Stdout.Contains("Lost leadership", StringComparison.Ordinal),
            RetryPeriod + RenewDeadline + Margin, "the leader to notice\n" + op.Stdout);
        var changedWhileRunning = !op.HasExited;
        // A change after the loss: a leader that went on reconciling would scale web to 4.
        await ApplyAsync(admin, ns, Service("web", "app", desiredCount: 4));
        var result = await op.WaitForExitAsync(RetryPeriod + RenewDeadline + Margin + TimeSpan.FromSeconds(30));
        var exitedAfter = revoked.Elapsed;

        output.WriteLine($"exit {result.ExitCode} {exitedAfter.TotalSeconds:0.0} s after the lease binding was deleted " +
            $"(retry period {RetryPeriod.TotalSeconds:0} s, renew deadline {RenewDeadline.TotalSeconds:0} s); change applied while it ran: {changedWhileRunning}");
        result.ExitCode.ShouldBe(LeaderElectionLostExitCode, result.ToString());
        // The next renew is due within one retry period; from then, the renew deadline at most.
        exitedAfter.ShouldBeLessThan(RetryPeriod + RenewDeadline + Margin, result.ToString());
        result.Stdout.ShouldContain($"lost lease {ns}/{LeaseName(ns)}", customMessage: result.ToString());
        result.Stdout.ShouldContain("403", customMessage: result.ToString());
        // Nothing written after the loss: no write answered in the log after it, and the change never applied.
        var afterLoss = result.Stdout[result.Stdout.IndexOf("Lost leadership", StringComparison.Ordinal)..];
        afterLoss.Split('\n').Where(line => line.Contains(" answered ", StringComparison.Ordinal)).ShouldBeEmpty(result.Stdout);
        var deployment = await GetAsync(admin, ResourceType.Deployments, ns, "web");
        deployment!["spec"]!["replicas"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task A_leader_cut_off_from_the_api_server_exits_non_zero_within_the_renew_deadline()
    {
        var ns = await fixture.CreateNamespaceAsync("le-cut");
        using var admin = fixture.CreateAdminClient();
        await CrdInstaller.EnsureInstalledAsync(fixture);
        await ApplyAsync(admin, ns, TaskDefinition("app"));
        await ApplyAsync(admin, ns, Service("web", "app"));
        // The operator reaches the API server only through the relay; the test keeps its own direct connection.
        using var relay = new TcpRelay(fixture.Plane.ApiServerUrl);
        var kubeconfig = Path.Combine(fixture.Plane.Directory, $"kubeconfig-relay-{Guid.NewGuid().ToString("N")[..8]}");
        var server = fixture.Plane.ApiServerUrl.ToString().TrimEnd('/');
        var text = File.ReadAllText(fixture.KubeconfigPath);
        text.ShouldContain(server);
        File.WriteAllText(kubeconfig, text.Replace(server, relay.Url.ToString().TrimEnd('/'), StringComparison.Ordinal));

        using var op = StartOperator(kubeconfig, ns, out var metricsPort);
        await WaitForLeaderAsync(op, metricsPort);
        await WaitForAsync(admin, ResourceType.Deployments, ns, "web", _ => true, "the leader reconciled web\n" + op.Stdout);

        var cut = Stopwatch.StartNew();
        relay.Blackhole();
        var result = await op.WaitForExitAsync(RetryPeriod + RenewDeadline + Margin + TimeSpan.FromSeconds(30));
        var exitedAfter = cut.Elapsed;

        output.WriteLine($"exit {result.ExitCode} {exitedAfter.TotalSeconds:0.0} s after the API server was cut off " +
            $"(retry period {RetryPeriod.TotalSeconds:0} s, renew deadline {RenewDeadline.TotalSeconds:0} s)");
        result.ExitCode.ShouldBe(LeaderElectionLostExitCode, result.ToString());
        exitedAfter.ShouldBeLessThan(RetryPeriod + RenewDeadline + Margin, result.ToString());
        result.Stdout.ShouldContain("not renewed within the renew deadline", customMessage: result.ToString());
        result.Stdout.ShouldContain("Lost leadership", customMessage: result.ToString());
    }

    [Fact]
    public async Task A_standby_that_may_not_use_the_lease_exits_non_zero_instead_of_waiting_ready_for_ever()
    {
        await OperatorInstall.InstallAndWriteKubeconfigAsync(fixture);
        var ns = await fixture.CreateNamespaceAsync("le-nolease");
        using var admin = fixture.CreateAdminClient();
        var user = "le-nolease-" + Guid.NewGuid().ToString("N")[..8];
        // The operator's rights in the namespace, but none on Leases.
        await OperatorEndpointsTests.BindAsync(admin, ns, user);
        await ApplyAsync(admin, ns, TaskDefinition("app"));
        await ApplyAsync(admin, ns, Service("web", "app"));

        var started = Stopwatch.StartNew();
        using var op = StartOperator(fixture.Plane.WriteKubeconfigFor(user), ns, out _);
        var result = await op.WaitForExitAsync(TimeSpan.FromSeconds(90));

        output.WriteLine($"exit {result.ExitCode} {started.Elapsed.TotalSeconds:0.0} s after the start");
        result.ExitCode.ShouldBe(LeaderElectionLostExitCode, result.ToString());
        result.Stdout.ShouldContain("Leader election failed", customMessage: result.ToString());
        result.Stdout.ShouldContain("403", customMessage: result.ToString());
        result.Stdout.ShouldNotContain("Became leader", customMessage: result.ToString());
        (await GetAsync(admin, ResourceType.Deployments, ns, "web")).ShouldBeNull();
    }

    private static string LeaseName(string ns) => "ecsbridge-" + ns;

    /// <summary>`ecsbridge run` with short lease timings, debug logs (every write the client sends is logged) and
    /// its own Lease and namespace.</summary>
    private static EcsBridgeCommand StartOperator(string kubeconfig, string ns, out int metricsPort)
    {
        metricsPort = FreePort.Next();
        return EcsBridgeCommand.Start(
        [
            "run", "--kubeconfig", kubeconfig, $"--metrics-bind-address=127.0.0.1:{metricsPort}",
            $"--health-probe-bind-address=127.0.0.1:{FreePort.Next()}", "--log-level=debug",
            $"--watch-namespaces={ns}", "--leader-elect", $"--leader-election-namespace={ns}", $"--leader-election-id={LeaseName(ns)}",
            $"--lease-duration={LeaseDuration.TotalSeconds:0}s", $"--renew-deadline={RenewDeadline.TotalSeconds:0}s",
            $"--retry-period={RetryPeriod.TotalSeconds:0}s",
        ]);
    }

    /// <summary>What config/rbac grants for leader election (get, create, update on Leases), in a Role of its own so
    /// deleting its binding revokes exactly that.</summary>
    private static async Task GrantLeasesAsync(KubeClient admin, string ns, string user)
    {
        var apply = new ApplyOptions { FieldManager = OperatorInstall.FieldManager, Force = true };
        await admin.ApplyAsync(ResourceType.Roles, ns, LeaseBinding, JsonNode.Parse($$"""
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"{{LeaseBinding}}","namespace":"{{ns}}"},
             "rules":[{"apiGroups":["coordination.k8s.io"],"resources":["leases"],"verbs":["get","create","update"]}]}
            """)!.AsObject(), KubeJsonContext.Default.JsonObject, apply);
        await admin.ApplyAsync(ResourceType.RoleBindings, ns, LeaseBinding, JsonNode.Parse($$"""
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"{{LeaseBinding}}","namespace":"{{ns}}"},
             "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"{{LeaseBinding}}"},
             "subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"{{user}}"}]}
            """)!.AsObject(), KubeJsonContext.Default.JsonObject, apply);
    }

    // The authorizer learns new bindings through its informers, a moment after the apply returns.
    private static async Task WaitUntilLeasesAllowedAsync(string kubeconfig, string ns)
    {
        using var client = new KubeClient(KubeClientSettings.FromKubeconfig(kubeconfig));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await client.TryGetAsync(ResourceType.Leases, ns, "probe", KubeJsonContext.Default.JsonObject);
                return;
            }
            catch (KubeForbiddenException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private static async Task WaitForLeaderAsync(EcsBridgeCommand op, int metricsPort)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !op.HasExited)
        {
            try
            {
                if (OperatorProcess.Metric(await http.GetStringAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics")), "leader_election_master_status") == 1)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("not leader within 60 s:\n" + op.Stdout);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not within {within.TotalSeconds:0} s: {what}");
            }
            await Task.Delay(20);
        }
    }
}
