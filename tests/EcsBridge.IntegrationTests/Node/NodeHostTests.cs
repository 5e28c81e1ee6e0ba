using Xunit.Abstractions;

namespace EcsBridge.IntegrationTests.Node;

/// <summary>Issue 14: stopping the local node puts the host back as it was before the node started (links,
/// routes, mounts, sysctls, iptables, nftables tables, network namespaces, cgroups, folders), and it starts again.</summary>
[Collection(NodeCollection.Name)]
public sealed class NodeHostTests(NodeFixture fixture, ITestOutputHelper output)
{
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
}
