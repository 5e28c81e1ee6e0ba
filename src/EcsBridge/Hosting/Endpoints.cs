using EcsBridge.Observability;

namespace EcsBridge.Hosting;

/// <summary>The small HTTP surface: probes for the kubelet and Prometheus text for scrapers.</summary>
internal static class Endpoints
{
    private const string Text = "text/plain; charset=utf-8";
    private const string Prometheus = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>The answer to GET (or HEAD) of <paramref name="path"/>.</summary>
    public static EndpointResponse Respond(string path, OperatorHealth health, PrometheusExporter exporter) => path switch
    {
        "/healthz" => Liveness(health),
        "/readyz" => health.IsReady ? new(200, Text, "ok") : new(503, Text, "caches not synced"),
        "/metrics" => new(200, Prometheus, exporter.Scrape()),
        _ => new(404, Text, "not found"),
    };

    /// <summary>200 "ok", or 503 with one line per failing check ("check: reason").</summary>
    private static EndpointResponse Liveness(OperatorHealth health)
    {
        var failing = health.Failing();
        return failing.Count == 0
            ? new(200, Text, "ok")
            : new(503, Text, "unhealthy\n" + string.Concat(failing.Select(f => f.Check + ": " + f.Reason + "\n")));
    }
}
