using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EcsBridge.Hosting.Services;

/// <summary>Runs <see cref="IdleMemoryTrimmer"/> while the operator runs: a trim only when no queue holds work and no
/// reconcile is in flight.</summary>
internal sealed class IdleMemoryTrimmerService(WorkQueues queues, OperatorProgress progress, TimeProvider time, ILoggerFactory loggerFactory)
    : IHostedService
{
    private IdleMemoryTrimmer? _trimmer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _trimmer = IdleMemoryTrimmer.Start(
            () => queues.Empty && progress.Controllers.All(c => c.InFlight == 0),
            IdleMemoryTrimOptions.Default, time, loggerFactory.CreateLogger("EcsBridge.Operator"));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_trimmer is not null)
        {
            await _trimmer.DisposeAsync().ConfigureAwait(false);
        }
    }
}
