using EcsBridge.IntegrationTests.Infrastructure;

namespace EcsBridge.IntegrationTests.Faults;

/// <summary>The fault suite gets its own control plane (a second <see cref="ControlPlaneFixture"/> instance): it
/// restarts kube-apiserver and etcd and compacts history, which must not disturb the other test classes. Its stalls
/// and restarts are timed, so it runs alone, after the control-plane and node collections (which run side by side,
/// xunit.runner.json): nothing else competes for the CPU while it measures.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultsCollection : ICollectionFixture<ControlPlaneFixture>
{
    public const string Name = "faults";
}
