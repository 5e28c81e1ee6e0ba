using EcsBridge.IntegrationTests.Infrastructure;

namespace EcsBridge.IntegrationTests.Faults;

/// <summary>The fault suite gets its own control plane (a second <see cref="ControlPlaneFixture"/> instance): it
/// restarts kube-apiserver and etcd and compacts history, which must not disturb the other test classes. Test
/// collections run one after another (xunit.runner.json), so the two planes never fight for the CPU.</summary>
[CollectionDefinition(Name)]
public sealed class FaultsCollection : ICollectionFixture<ControlPlaneFixture>
{
    public const string Name = "faults";
}
