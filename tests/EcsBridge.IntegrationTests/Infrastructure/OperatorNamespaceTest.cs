using EcsBridge.Hosting;
using EcsBridge.Kubernetes.Http;

namespace EcsBridge.IntegrationTests.Infrastructure;

/// <summary>The setup most operator tests share: a fresh namespace named from <paramref name="prefix"/>, an admin
/// client, and the real operator runtime watching that namespace; both are stopped after each test.</summary>
public abstract class OperatorNamespaceTest(ControlPlaneFixture fixture, string prefix) : IAsyncLifetime
{
    protected ControlPlaneFixture Fixture { get; } = fixture;

    protected KubeClient Admin { get; private set; } = null!;

    protected string Ns { get; private set; } = null!;

    /// <summary>Null only when <see cref="InitializeAsync"/> failed before the operator started.</summary>
    protected OperatorHarness? Operator { get; private set; }

    public async Task InitializeAsync()
    {
        Ns = await Fixture.CreateNamespaceAsync(prefix);
        Admin = Fixture.CreateAdminClient();
        Operator = await OperatorHarness.StartAsync(Fixture, [Ns], ConfigureOperator);
    }

    public async Task DisposeAsync()
    {
        await BeforeOperatorStopsAsync();
        if (Operator is not null)
        {
            await Operator.DisposeAsync();
        }
        Admin.Dispose();
    }

    /// <summary>Options of the operator the test runs, beyond the harness's (e.g. a short stopped-task TTL).</summary>
    private protected virtual Func<OperatorOptions, OperatorOptions>? ConfigureOperator => null;

    /// <summary>Runs while the operator still runs (cleanup that needs it, e.g. the garbage collector's cascade).</summary>
    protected virtual Task BeforeOperatorStopsAsync() => Task.CompletedTask;
}
