using EcsBridge.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EcsBridge.Hosting;

/// <summary>The small HTTP surface: probes for the kubelet and Prometheus text for scrapers.</summary>
internal static class Endpoints
{
    public static void MapOperatorEndpoints(this WebApplication app, OperatorHealth health, PrometheusExporter exporter)
    {
        app.MapGet("/healthz", () => health.UnhealthyReason is { } reason
            ? Results.Text("unhealthy: " + reason, statusCode: StatusCodes.Status500InternalServerError)
            : Results.Text("ok"));
        app.MapGet("/readyz", () => health.IsReady
            ? Results.Text("ok")
            : Results.Text("caches not synced", statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapGet("/metrics", () => Results.Text(exporter.Scrape(), "text/plain; version=0.0.4; charset=utf-8"));
    }
}
