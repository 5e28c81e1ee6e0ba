using EcsBridge.Events;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Observability;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EcsBridge.Hosting.Services;

/// <summary>The Kubernetes Events the reconcilers record. Stopped after the controllers and the lease, it writes
/// what is queued — unless leadership was lost, when another replica may lead and those events are dropped.</summary>
internal sealed class EventRecorderService(
    KubeClient client, OperatorMetrics metrics, OperatorHealth health, OperatorProgress progress, TimeProvider time, ILogger<EventRecorder> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        progress.Events = new EventRecorder(client, time, logger, metrics.Meter, health.Report);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (progress.Events is not { } events)
        {
            return;
        }
        if (progress.LostLeadership)
        {
            events.Abandon();
        }
        await events.DisposeAsync().ConfigureAwait(false);
    }
}
