using System.Net;
using EcsBridge.Observability;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcsBridge.Hosting.Services;

/// <summary>/healthz, /readyz and /metrics. Started first and stopped last, so probes answer for the whole run.</summary>
internal sealed class EndpointService(IOptions<OperatorOptions> options, OperatorHealth health, PrometheusExporter exporter, ILogger<EndpointServer> logger)
    : IHostedService
{
    private EndpointServer? _server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var endpoints = new[] { options.Value.MetricsBindAddress, options.Value.HealthProbeBindAddress }
            .Where(a => a != "0")
            .Select(a => BindAddress.TryParse(a, out var endpoint) ? endpoint : null)
            .OfType<IPEndPoint>()
            .Distinct()
            .ToList();
        if (endpoints.Count > 0)
        {
            _server = EndpointServer.Start(endpoints, (_, path) => Endpoints.Respond(path, health, exporter), logger);
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
