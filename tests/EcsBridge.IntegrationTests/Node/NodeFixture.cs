using System.Diagnostics;
using EcsBridge.IntegrationTests.Infrastructure;

namespace EcsBridge.IntegrationTests.Node;

/// <summary>A control plane of its own with a real node (kube-scheduler, containerd, kubelet, kube-proxy), for the
/// tests whose tasks must really run. The host is recorded before the node starts, so a test can compare it after
/// a stop. A host that cannot run a node fails the collection with the reason: these tests never pass vacuously.</summary>
public sealed class NodeFixture : ControlPlaneFixture
{
    protected override bool WithNode => true;

    /// <summary>The host as it was before this fixture's node first started.</summary>
    public HostSnapshot HostBeforeNode { get; private set; } = null!;

    public TimeSpan LastStart { get; private set; }

    public TimeSpan LastStop { get; private set; }

    public override async Task InitializeAsync()
    {
        HostBeforeNode = await HostSnapshot.TakeAsync();
        await StartWithNodeAsync();
    }

    public async Task StartWithNodeAsync()
    {
        var watch = Stopwatch.StartNew();
        await StartPlaneAsync();
        LastStart = watch.Elapsed;
        if (!Plane.HasNode)
        {
            throw new InvalidOperationException("the node tests need a node: " + Plane.NodeUnavailableReason);
        }
    }

    public override async Task EnsureStartedAsync()
    {
        if (!IsStarted)
        {
            await StartWithNodeAsync();
        }
    }

    public async Task StopAsync()
    {
        var watch = Stopwatch.StartNew();
        await StopPlaneAsync();
        LastStop = watch.Elapsed;
    }
}

[CollectionDefinition(Name)]
public sealed class NodeCollection : ICollectionFixture<NodeFixture>
{
    public const string Name = "node";
}
