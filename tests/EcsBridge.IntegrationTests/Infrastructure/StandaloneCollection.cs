namespace EcsBridge.IntegrationTests.Infrastructure;

/// <summary>Classes that start their own `ecsbridge` process (and, for local mode, their own control plane) instead of
/// sharing a fixture: they run alone, after the collections that run side by side, so no third control plane joins
/// the two already running.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StandaloneCollection
{
    public const string Name = "standalone";
}
