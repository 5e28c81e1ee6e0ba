using System.Text;
using System.Text.Json.Nodes;
using EcsBridge.ControlPlane;
using EcsBridge.IntegrationTests.Runtime;
using EcsBridge.Kubernetes.Config;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using Xunit.Abstractions;

namespace EcsBridge.IntegrationTests.Node;

/// <summary>Issue 14: stopping the local node puts the host back as it was before the node started (links,
/// routes, mounts, sysctls, iptables, nftables tables, network namespaces, cgroups, folders), and so does the next
/// start after a run with a node was killed with SIGKILL while a pod ran.</summary>
[Collection(NodeCollection.Name)]
public sealed class NodeHostTests(NodeFixture fixture, ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("ecsbridge-home-");
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("ecsbridge-tmp-");

    [Fact]
    public async Task Stopping_the_node_leaves_the_host_as_before_and_the_node_starts_again()
    {
        await fixture.StopAsync();
        var after = await HostSnapshot.TakeAsync();
        output.WriteLine($"node stop (with its control plane): {fixture.LastStop.TotalSeconds:0.0} s");

        var difference = after.Difference(fixture.HostBeforeNode);
        difference.ShouldBeEmpty("host changes left after the node stopped:\n" + string.Join('\n', difference));

        // The other tests of the collection get a fresh node.
        await fixture.StartWithNodeAsync();
        output.WriteLine($"control plane + node start to Ready: {fixture.LastStart.TotalSeconds:0.0} s");
        fixture.Plane.HasNode.ShouldBeTrue();
    }

    [Fact]
    public async Task The_next_start_undoes_the_node_of_a_run_killed_with_SIGKILL()
    {
        // The host's one node goes to an `ecsbridge run` of its own for this test.
        await fixture.StopAsync();
        try
        {
            var assets = ControlPlaneAssets.Locate();
            assets.ShouldNotBeNull();
            using var command = EcsBridgeCommand.Start(
                ["run", $"--metrics-bind-address=127.0.0.1:{FreePort.Next()}", $"--health-probe-bind-address=127.0.0.1:{FreePort.Next()}"],
                EcsBridgeCommand.NoClusterEnvironment(assets, _home.FullName, _temp.FullName));
            const string Marker = "ecsbridge: kubeconfig: ";
            await UntilAsync(() => Task.FromResult(command.Stdout.Contains(Marker, StringComparison.Ordinal) || command.HasExited), "the run to print its kubeconfig");
            var stdout = command.Stdout;
            stdout.ShouldContain("node ecsbridge-node Ready", customMessage: stdout);
            var kubeconfig = stdout.Split('\n').First(l => l.StartsWith(Marker, StringComparison.Ordinal))[Marker.Length..].Trim();
            var folder = Path.GetDirectoryName(kubeconfig)!;

            // A running pod: a network namespace, mounts, a veth, cgroups and a shim that the crash leaves behind.
            using (var client = new KubeClient(KubeClientSettings.Load(kubeconfig, null)))
            {
                var pod = JsonNode.Parse("""
                    {"apiVersion":"v1","kind":"Pod","metadata":{"name":"left-behind"},
                     "spec":{"automountServiceAccountToken":false,"terminationGracePeriodSeconds":1,
                       "containers":[{"name":"sleep","image":"ecsbridge.local/busybox:1","command":["sleep","3600"]}]}}
                    """)!.AsObject();
                await client.CreateAsync(ResourceType.Pods, "default", pod, KubeJsonContext.Default.JsonObject);
                await UntilAsync(async () =>
                    (await client.TryGetAsync(ResourceType.Pods, "default", "left-behind", KubeJsonContext.Default.JsonObject))?["status"]?["phase"]?.GetValue<string>() == "Running",
                    "the pod to run");
            }

            command.KillAlone();
            await command.WaitForExitAsync(TimeSpan.FromSeconds(30));
            // The watchdog stops the node's own processes; the pod, its mounts and the host changes wait for the next start.
            await UntilAsync(() => Task.FromResult(!ProcessesNaming(folder + "/").Exists(IsKubeletOrContainerd)), "the watchdog to stop the kubelet and containerd");

            await fixture.StartWithNodeAsync();
            output.WriteLine($"start that undid the crashed node, to Ready: {fixture.LastStart.TotalSeconds:0.0} s");
            Directory.Exists(folder).ShouldBeFalse("the crashed run's folder is removed");
            ProcessesNaming(folder + "/").ShouldBeEmpty();

            await fixture.StopAsync();
            var difference = (await HostSnapshot.TakeAsync()).Difference(fixture.HostBeforeNode);
            difference.ShouldBeEmpty("host changes left after a crash and the next start and stop:\n" + string.Join('\n', difference));
        }
        finally
        {
            // Whatever failed above, the other tests of the collection get a node (its start undoes a crashed run's).
            await fixture.EnsureStartedAsync();
        }
    }

    /// <summary>A generous bound (a node starts in about 30 s on an idle machine; make test keeps 2 cores busy).</summary>
    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("gave up waiting for " + what);
            }
            await Task.Delay(200);
        }
    }

    private static bool IsKubeletOrContainerd(int pid) =>
        CommandLine(pid) is { } line && (line.Contains("kubelet", StringComparison.Ordinal) || line.StartsWith("/usr/bin/containerd ", StringComparison.Ordinal));

    private static string? CommandLine(int pid)
    {
        try
        {
            return Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{pid}/cmdline")).Replace('\0', ' ');
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static List<int> ProcessesNaming(string text) =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && pid != Environment.ProcessId && CommandLine(pid)?.Contains(text, StringComparison.Ordinal) == true)
            .ToList();

    public void Dispose()
    {
        foreach (var directory in new[] { _home, _temp })
        {
            try
            {
                directory.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
