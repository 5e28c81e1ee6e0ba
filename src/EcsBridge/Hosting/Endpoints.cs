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
        "/healthz" => health.UnhealthyReason is { } reason ? new(500, Text, "unhealthy: " + reason) : new(200, Text, "ok"),
        "/readyz" => health.IsReady ? new(200, Text, "ok") : new(503, Text, "caches not synced"),
        "/metrics" => new(200, Prometheus, exporter.Scrape()),
        _ => new(404, Text, "not found"),
    };
}
