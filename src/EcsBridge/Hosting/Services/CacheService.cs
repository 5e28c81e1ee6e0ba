using EcsBridge.Core.Build;
using EcsBridge.Kubernetes.Discovery;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Watch;
using EcsBridge.Observability;
using EcsBridge.Watch;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EcsBridge.Hosting.Services;

/// <summary>Discovery, then the caches (informers) and their event sources into the work queues, and the periodic
/// resync. Its start ends when every cache has synced, so /readyz and everything started after it see a full cache.
/// Caches warm on every replica, leader or not.</summary>
internal sealed class CacheService(
    IOptions<OperatorOptions> options, KubeClient client, WorkQueues queues, OperatorHealth health, OperatorProgress progress,
    TimeProvider time, ILoggerFactory loggerFactory) : IHostedService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("EcsBridge.Operator");
    private IDisposable? _watchChecks;
    private ITimer? _resync;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        Log.Starting(_logger, Commands.VersionCommand.Version, o.WatchNamespaces.Count == 0 ? "all" : string.Join(',', o.WatchNamespaces), o.MaxConcurrentReconciles);
        var capabilities = await ClusterCapabilities.DiscoverAsync(client, cancellationToken).ConfigureAwait(false);
        var hpaType = capabilities.HorizontalPodAutoscalers ?? ResourceType.HorizontalPodAutoscalersV2;
        Log.HpaVersion(_logger, hpaType.ApiVersion);
        progress.BuildOptions = new BuildOptions
        {
            HpaApiVersion = hpaType.ApiVersion,
            CircuitBreakerDeadlineSeconds = o.CircuitBreakerDeadlineSeconds,
            // Native sidecars (restartPolicy: Always init containers) are on by default from Kubernetes 1.29.
            NativeSidecars = capabilities.Version.Major > 1 || (capabilities.Version.Major == 1 && capabilities.Version.Minor >= 29),
        };

        var caches = progress.Caches = new Caches(client, o.WatchNamespaces, hpaType);
        EventSources.Register(caches, queues.Services, queues.TaskDefinitions, queues.Tasks);
        _watchChecks = WatchLiveness.Register(health, caches, o.WatchLivenessThreshold, time);
        caches.Start();
        await caches.WaitForSyncAsync(cancellationToken).ConfigureAwait(false);
        health.MarkSynced();
        progress.CachesSynced.TrySetResult();
        Log.CachesSynced(_logger, "ecsservices, ecstaskdefinitions, ecstasks, deployments, daemonsets, services, horizontalpodautoscalers, controllerrevisions, pods");
        _resync = time.CreateTimer(_ => Resync(caches), null, o.ResyncPeriod, o.ResyncPeriod);
    }

    /// <summary>The safety net: every object looked at again, behind any real change.</summary>
    private void Resync(Caches caches)
    {
        foreach (var s in caches.Services.List())
        {
            queues.Services.AddLowPriority(ObjectKey.Of(s));
        }
        foreach (var td in caches.TaskDefinitions.List())
        {
            queues.TaskDefinitions.AddLowPriority(ObjectKey.Of(td));
        }
        foreach (var t in caches.Tasks.List())
        {
            queues.Tasks.AddLowPriority(ObjectKey.Of(t));
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _resync?.Dispose();
        _watchChecks?.Dispose();
        if (progress.Caches is { } caches)
        {
            await caches.DisposeAsync().ConfigureAwait(false);
        }
    }
}
