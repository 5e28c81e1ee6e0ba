using EcsBridge.Hosting;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Watch;
using EcsBridge.Observability;
using EcsBridge.Watch;

namespace EcsBridge.UnitTests.Hosting;

/// <summary>/healthz: named checks, reported or probed; a watch fails its check only once it has been down past
/// the threshold.</summary>
public sealed class LivenessTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Threshold = TimeSpan.FromMinutes(2);

    private readonly PrometheusExporter _exporter = new("EcsBridge.UnitTests.Liveness");

    public void Dispose() => _exporter.Dispose();

    [Fact]
    public void Healthz_is_200_ok_with_no_failing_check()
    {
        var health = new OperatorHealth();
        using var check = health.AddCheck("watch:deployments.apps", () => null);

        Endpoints.Respond("/healthz", health, _exporter).ShouldBe(new EndpointResponse(200, "text/plain; charset=utf-8", "ok"));
    }

    [Fact]
    public void A_reported_failure_makes_healthz_503_naming_the_check_and_a_later_healthy_report_clears_it()
    {
        var health = new OperatorHealth();
        health.Report("event-writer-1", false, "stopped: boom");

        var failing = Endpoints.Respond("/healthz", health, _exporter);
        failing.Status.ShouldBe(503);
        failing.Body.ShouldBe("unhealthy\nevent-writer-1: stopped: boom\n");

        health.Report("event-writer-1", true, null);
        Endpoints.Respond("/healthz", health, _exporter).Status.ShouldBe(200);
    }

    [Fact]
    public void Every_failing_check_is_listed_in_name_order_and_a_removed_check_no_longer_counts()
    {
        var health = new OperatorHealth();
        var down = health.AddCheck("watch:ecsservices.ecsbridge.io/team-a", () => "not connected for 130 s");
        health.Report("leader-election", false, "the lease loop stopped: x");

        health.Failing().ShouldBe([("leader-election", "the lease loop stopped: x"), ("watch:ecsservices.ecsbridge.io/team-a", "not connected for 130 s")]);

        down.Dispose();
        health.Failing().ShouldBe([("leader-election", "the lease loop stopped: x")]);
    }

    [Fact]
    public void A_check_that_throws_fails_with_its_error_instead_of_breaking_the_probe()
    {
        var health = new OperatorHealth();
        using var check = health.AddCheck("broken", () => throw new InvalidOperationException("no"));

        health.Failing().ShouldBe([("broken", "the check failed: no")]);
    }

    [Fact]
    public void Readyz_follows_the_cache_sync_only()
    {
        var health = new OperatorHealth();
        Endpoints.Respond("/readyz", health, _exporter).Status.ShouldBe(503);

        health.MarkSynced();

        Endpoints.Respond("/readyz", health, _exporter).Status.ShouldBe(200);
    }

    [Fact]
    public void A_connected_watch_is_healthy()
    {
        WatchLiveness.Probe(new InformerLiveness(true, null, Now.AddMinutes(-10), null), Threshold, Now).ShouldBeNull();
    }

    [Fact]
    public void A_watch_down_for_less_than_the_threshold_is_still_healthy()
    {
        WatchLiveness.Probe(new InformerLiveness(true, Now.AddSeconds(-119), Now.AddMinutes(-5), "connection refused"), Threshold, Now).ShouldBeNull();
    }

    [Fact]
    public void A_watch_down_for_the_threshold_fails_with_how_long_and_the_last_error()
    {
        var reason = WatchLiveness.Probe(new InformerLiveness(true, Now.AddSeconds(-125), Now.AddMinutes(-5), "connection refused"), Threshold, Now);

        reason.ShouldBe("not connected for 125 s (threshold 120 s); last error: connection refused");
    }

    [Fact]
    public void A_stopped_informer_is_not_checked()
    {
        WatchLiveness.Probe(new InformerLiveness(false, Now.AddHours(-1), null, "stopped"), Threshold, Now).ShouldBeNull();
    }

    [Theory]
    [InlineData("", "v1", "services", null, "watch:services")]
    [InlineData("apps", "v1", "deployments", "team-a", "watch:deployments.apps/team-a")]
    public void Check_names_say_which_watch(string group, string version, string plural, string? ns, string expected)
    {
        WatchLiveness.CheckName(new ResourceType(group, version, plural, "Kind", true), ns).ShouldBe(expected);
    }
}
