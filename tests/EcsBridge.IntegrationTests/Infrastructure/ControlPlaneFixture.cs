using System.Diagnostics;
using EcsBridge.ControlPlane;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.IntegrationTests.Infrastructure;

/// <summary>One real control plane (etcd + kube-apiserver + kube-controller-manager) for the whole test run.
/// Tests isolate themselves by namespace (<see cref="CreateNamespaceAsync"/>).</summary>
public class ControlPlaneFixture : IAsyncLifetime
{
    private LocalControlPlane? _plane;

    public LocalControlPlane Plane => _plane ?? throw new InvalidOperationException("control plane not started");

    public string KubeconfigPath => Plane.KubeconfigPath;

    public string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Whether the control plane gets a node (the node collection's fixture).</summary>
    protected virtual bool WithNode => false;

    public virtual async Task InitializeAsync() => await StartPlaneAsync().ConfigureAwait(false);

    /// <summary>Starts this fixture's control plane (again, after <see cref="StopPlaneAsync"/>).</summary>
    protected async Task StartPlaneAsync()
    {
        var assets = ControlPlaneAssets.Locate() ?? await PrepareAssetsAsync(RepositoryRoot).ConfigureAwait(false);
        _plane = await LocalControlPlane.StartAsync(new ControlPlaneOptions { AssetsDirectory = assets, StartNode = WithNode }).ConfigureAwait(false);
    }

    protected async Task StopPlaneAsync()
    {
        if (_plane is not null)
        {
            await _plane.DisposeAsync().ConfigureAwait(false);
            _plane = null;
        }
    }

    public Task DisposeAsync() => StopPlaneAsync();

    protected bool IsStarted => _plane is not null;

    /// <summary>Starts the control plane again when a test that stops it (the node's host tests) failed before it
    /// could restart it, so that one failure does not fail every later test of the collection.</summary>
    public virtual async Task EnsureStartedAsync()
    {
        if (!IsStarted)
        {
            await StartPlaneAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Creates a namespace with a unique name and returns it (starting the control plane again first if a
    /// failed test left it stopped).</summary>
    public async Task<string> CreateNamespaceAsync(string prefix = "t")
    {
        await EnsureStartedAsync().ConfigureAwait(false);
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";
        using var client = this.CreateAdminClient();
        await client.CreateAsync(ResourceType.Namespaces, null,
            new KubeObject { ApiVersion = "v1", Kind = "Namespace", Metadata = new ObjectMeta { Name = name } },
            KubeJsonContext.Default.KubeObject).ConfigureAwait(false);
        return name;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EcsBridge.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("EcsBridge.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Runs tests/envtest/setup.sh (idempotent, cached) when the binaries are not there yet, so
    /// `dotnet test` works on its own too.</summary>
    private static async Task<string> PrepareAssetsAsync(string root)
    {
        var script = Path.Combine(root, "tests", "envtest", "setup.sh");
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot run " + script);
        var output = await process.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        var assets = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim();
        if (process.ExitCode != 0 || assets is null || !ControlPlaneAssets.HasBinaries(assets))
        {
            throw new InvalidOperationException($"{script} failed (exit {process.ExitCode}); run `make envtest` to see why");
        }
        return assets;
    }
}

[CollectionDefinition(Name)]
public sealed class ControlPlaneCollection : ICollectionFixture<ControlPlaneFixture>
{
    public const string Name = "control plane";
}
