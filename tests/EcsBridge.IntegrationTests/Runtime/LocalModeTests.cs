using System.Diagnostics;
using System.Text;
using EcsBridge.ControlPlane;
using EcsBridge.IntegrationTests.Client;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Config;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;

namespace EcsBridge.IntegrationTests.Runtime;

/// <summary>Issue 2, `make run` on a machine with no cluster: `ecsbridge run` starts a local control plane of its own,
/// installs the CRDs, prints a kubeconfig that answers `get ns`, and Ctrl-C leaves no process or temp dir behind.
/// Runs outside the shared fixture: the control plane under test is the one the command starts.</summary>
[Collection(StandaloneCollection.Name)]
public sealed class LocalModeTests : IDisposable
{
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("ecsbridge-home-");
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("ecsbridge-tmp-");

    [Fact]
    public async Task Run_with_no_cluster_configured_serves_a_local_control_plane_until_Ctrl_C_removes_it()
    {
        var healthPort = FreePort.Next();
        // Found with this process's HOME: the command's own HOME is empty on purpose.
        var assets = ControlPlaneAssets.Locate();
        assets.ShouldNotBeNull("run `make envtest` or set KUBEBUILDER_ASSETS");
        // No kubeconfig anywhere kubectl would look, no in-cluster variables; TMPDIR scopes the control plane's folder.
        using var command = EcsBridgeCommand.Start(
            ["run", "--no-node", $"--metrics-bind-address=127.0.0.1:{FreePort.Next()}", $"--health-probe-bind-address=127.0.0.1:{healthPort}"],
            EcsBridgeCommand.NoClusterEnvironment(assets, _home.FullName, _temp.FullName));

        var kubeconfig = await WaitForPrintedKubeconfigAsync(command, TimeSpan.FromSeconds(120));
        var controlPlaneDirectory = Path.GetDirectoryName(kubeconfig)!;
        Path.GetDirectoryName(controlPlaneDirectory).ShouldBe(_temp.FullName.TrimEnd('/'));

        using (var client = new KubeClient(KubeClientSettings.Load(kubeconfig, null)))
        {
            var namespaces = await client.ListAsync(ResourceType.Namespaces, null, KubeJsonContext.Default.JsonNode);
            namespaces.Items.Select(n => n?["metadata"]?["name"]?.GetValue<string>()).ShouldContain("kube-system");
            (await client.TryGetAsync(ResourceType.CustomResourceDefinitions, null, "ecsservices.ecsbridge.io", KubeJsonContext.Default.JsonNode))
                .ShouldNotBeNull();
        }
        (await Readyz.WaitAsync(healthPort, () => !command.HasExited, TimeSpan.FromSeconds(60)))
            .ShouldBeTrue("the operator on the local control plane did not become ready:\n" + command.Stdout);
        var controlPlaneProcesses = ProcessesUsing(controlPlaneDirectory);
        controlPlaneProcesses.Count.ShouldBeGreaterThanOrEqualTo(2, "etcd and kube-apiserver run from the printed folder");

        command.Interrupt();
        var result = await command.WaitForExitAsync(TimeSpan.FromSeconds(60));

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldContain("stopping the local control plane");
        Directory.Exists(controlPlaneDirectory).ShouldBeFalse();
        _temp.EnumerateFileSystemInfos("ecsbridge-cp-*").ShouldBeEmpty();
        controlPlaneProcesses.Where(IsAlive).ShouldBeEmpty();
    }

    /// <summary>Issue 13 item 9: a `kill -9` of `ecsbridge run` leaves no control-plane process running for long
    /// (the watchdog stops them and removes the folder), and a start removes the folder of a run whose owner is
    /// gone, stopping what it left running.</summary>
    [Fact]
    public async Task Kill_9_of_run_stops_its_control_plane_and_a_start_removes_stale_folders()
    {
        // A crashed earlier run: its owner PID is now another process (ours, with a different start time),
        // and one of its processes still runs from the folder.
        var stale = Directory.CreateDirectory(Path.Combine(_temp.FullName, "ecsbridge-cp-5ta1e0000000"));
        Directory.CreateDirectory(Path.Combine(stale.FullName, "pids"));
        File.WriteAllText(Path.Combine(stale.FullName, "owner"), $"{Environment.ProcessId} 1\n");
        var leftoverLog = Path.Combine(stale.FullName, "leftover.log");
        File.WriteAllText(leftoverLog, "");
        using var leftover = Process.Start(new ProcessStartInfo("tail", ["-f", leftoverLog]) { UseShellExecute = false })!;
        File.WriteAllText(Path.Combine(stale.FullName, "pids", "leftover.pid"), leftover.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // A live run's folder (this test process owns it) must survive every start.
        var live = Directory.CreateDirectory(Path.Combine(_temp.FullName, "ecsbridge-cp-11ve00000000"));
        var ownStart = File.ReadAllText("/proc/self/stat").Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[19];
        File.WriteAllText(Path.Combine(live.FullName, "owner"), $"{Environment.ProcessId} {ownStart}\n");

        var assets = ControlPlaneAssets.Locate();
        assets.ShouldNotBeNull("run `make envtest` or set KUBEBUILDER_ASSETS");
        using var command = EcsBridgeCommand.Start(
            ["run", "--no-node", $"--metrics-bind-address=127.0.0.1:{FreePort.Next()}", $"--health-probe-bind-address=127.0.0.1:{FreePort.Next()}"],
            EcsBridgeCommand.NoClusterEnvironment(assets, _home.FullName, _temp.FullName));
        var kubeconfig = await WaitForPrintedKubeconfigAsync(command, TimeSpan.FromSeconds(120));
        var controlPlaneDirectory = Path.GetDirectoryName(kubeconfig)!;

        command.Stdout.ShouldContain($"removed {stale.FullName}");
        stale.Refresh();
        stale.Exists.ShouldBeFalse();
        live.Refresh();
        live.Exists.ShouldBeTrue("a folder whose owner runs is left alone");
        await Wait.TrueAsync(() => leftover.HasExited, "the stale run's leftover process to be stopped");

        var controlPlaneProcesses = ProcessesUsing(controlPlaneDirectory).Where(IsAlive).ToList();
        controlPlaneProcesses.Count.ShouldBeGreaterThanOrEqualTo(3, "etcd, kube-apiserver and the watchdog run from the printed folder");

        var killedAt = Stopwatch.StartNew();
        command.KillAlone();
        (await command.WaitForExitAsync(TimeSpan.FromSeconds(30))).ExitCode.ShouldBe(137);
        await Wait.TrueAsync(() => !controlPlaneProcesses.Exists(IsAlive) && !Directory.Exists(controlPlaneDirectory),
            "the control-plane processes and folder of the killed run to go");
        // The watchdog polls once a second and gives SIGTERM 5 s before SIGKILL; 30 s leaves room for a busy machine.
        killedAt.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
    }

    private static async Task<string> WaitForPrintedKubeconfigAsync(EcsBridgeCommand command, TimeSpan timeout)
    {
        const string Marker = "ecsbridge: kubeconfig: ";
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            var stdout = command.Stdout;
            // The CRDs are installed right after the path is printed; wait for that line too.
            var line = stdout.Split('\n').FirstOrDefault(l => l.StartsWith(Marker, StringComparison.Ordinal));
            if (line is not null && stdout.Contains("CRDs installed", StringComparison.Ordinal))
            {
                return line[Marker.Length..].Trim();
            }
            if (command.HasExited)
            {
                break;
            }
            await Task.Delay(200);
        }
        var exited = await command.WaitForExitAsync(TimeSpan.FromSeconds(5));
        throw new TimeoutException($"no kubeconfig printed (exit {exited.ExitCode}):\n{exited.Stdout}\n{exited.Stderr}");
    }

    /// <summary>Processes whose command line names the folder (etcd's data dir, the API server's certificates).</summary>
    private static List<int> ProcessesUsing(string directory)
    {
        var found = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid))
            {
                continue;
            }
            try
            {
                var commandLine = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(entry, "cmdline")));
                if (commandLine.Contains(directory, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // Gone while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return found;
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            // A zombie still has a /proc entry; only a running (or sleeping) process counts.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return !stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return false;
        }
    }

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
