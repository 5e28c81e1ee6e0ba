using System.Runtime;
using EcsBridge.Observability;
using Microsoft.Extensions.Logging;

namespace EcsBridge.Hosting;

/// <summary>When an idle trim is due.</summary>
/// <param name="Period">How often the operator checks whether it is idle.</param>
/// <param name="IdleChecks">Consecutive idle checks before a trim (so a pause inside a burst does not count).</param>
/// <param name="MinAllocatedBytes">Allocation since the last trim below which there is too little garbage to bother.</param>
internal sealed record IdleMemoryTrimOptions(TimeSpan Period, int IdleChecks, long MinAllocatedBytes)
{
    public static IdleMemoryTrimOptions Default { get; } = new(TimeSpan.FromSeconds(10), 2, 32L * 1024 * 1024);

    /// <summary>Pure: a trim is due after enough idle checks in a row, once enough was allocated since the last one.</summary>
    public bool IsDue(int idleChecksInARow, long allocatedSinceLastTrim) =>
        idleChecksInARow >= IdleChecks && allocatedSinceLastTrim >= MinAllocatedBytes;
}

/// <summary>
/// After a burst (start-up, a mass rollout) the objects it made have been promoted to gen2. An idle operator
/// allocates too little to trigger another full collection, so that garbage stays resident. Measured at 1,000
/// services, the committed heap was 50 MiB while only 29 MiB was live. Once the queues have been empty for a while
/// and the burst allocated enough, one aggressive collection compacts the heap and decommits what is free. It never
/// runs while there is work.
/// </summary>
internal sealed class IdleMemoryTrimmer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private IdleMemoryTrimmer(Func<bool> isIdle, IdleMemoryTrimOptions options, TimeProvider time, ILogger logger)
    {
        _loop = Task.Run(() => RunAsync(isIdle, options, time, logger, _stop.Token), CancellationToken.None);
    }

    /// <summary>Starts checking; disposing stops the checks and waits for a trim in progress.</summary>
    public static IdleMemoryTrimmer Start(Func<bool> isIdle, IdleMemoryTrimOptions options, TimeProvider time, ILogger logger) =>
        new(isIdle, options, time, logger);

    private static async Task RunAsync(Func<bool> isIdle, IdleMemoryTrimOptions options, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Period, time);
        var idleChecks = 0;
        var allocatedAtLastTrim = GC.GetTotalAllocatedBytes();
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                idleChecks = isIdle() ? idleChecks + 1 : 0;
                if (!options.IsDue(idleChecks, GC.GetTotalAllocatedBytes() - allocatedAtLastTrim))
                {
                    continue;
                }
                var before = GC.GetGCMemoryInfo().HeapSizeBytes;
                GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                Log.MemoryTrimmed(logger, before / (1024 * 1024), GC.GetGCMemoryInfo().HeapSizeBytes / (1024 * 1024));
                allocatedAtLastTrim = GC.GetTotalAllocatedBytes();
                idleChecks = 0;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
