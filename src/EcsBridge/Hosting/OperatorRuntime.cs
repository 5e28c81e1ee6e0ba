using EcsBridge.Api;
using EcsBridge.Apply;
using EcsBridge.Core.Build;
using EcsBridge.Events;
using EcsBridge.Kubernetes.Discovery;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.LeaderElection;
using EcsBridge.Kubernetes.Watch;
using EcsBridge.Observability;
using EcsBridge.Queue;
using EcsBridge.Reconcile;
using EcsBridge.Status;
using EcsBridge.Watch;
using Microsoft.Extensions.Logging;

namespace EcsBridge.Hosting;

/// <summary>
/// The operator's data path, assembled: discovery → caches (watch) → event sources → queues → controllers
/// (reconcile → build → apply → status). Caches warm on every replica; controllers run only on the leader, and a
/// leader that loses its lease stops writing at once.
/// </summary>
internal sealed class OperatorRuntime(
    KubeClient client, OperatorOptions options, OperatorHealth health, OperatorMetrics metrics, TimeProvider time, ILoggerFactory loggerFactory)
{
    /// <summary>The /healthz check of the lease loop.</summary>
    public const string LeaderElectionCheck = "leader-election";

    private readonly ILogger _logger = loggerFactory.CreateLogger("EcsBridge.Operator");

    /// <summary>Set once every cache has synced; tests and benchmarks read it.</summary>
    public TaskCompletionSource CachesSynced { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The ECS API's bound address once it listens (never set when --ecs-api-bind-address is 0).</summary>
    public TaskCompletionSource<System.Net.IPEndPoint> EcsApiListening { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Runs until <paramref name="stopping"/>; returns false when leadership was lost or leader election
    /// failed (the host exits non-zero so the pod restarts as a standby, as controller-runtime does).</summary>
    public async Task<bool> RunAsync(CancellationToken stopping)
    {
        var namespaces = options.WatchNamespaces;
        Log.Starting(_logger, VersionCommandVersion, namespaces.Count == 0 ? "all" : string.Join(',', namespaces), options.MaxConcurrentReconciles);
        // The ECS API writes and reads the custom resources only, so it serves on every replica, leader or not.
        await using var ecsApi = EcsApi.EcsApiHost.Start(options, client, time, loggerFactory);
        if (ecsApi is not null)
        {
            Log.EcsApiListening(_logger, ecsApi.Endpoint.ToString());
            EcsApiListening.TrySetResult(ecsApi.Endpoint);
        }
        var capabilities = await ClusterCapabilities.DiscoverAsync(client, stopping).ConfigureAwait(false);
        var hpaType = capabilities.HorizontalPodAutoscalers ?? ResourceType.HorizontalPodAutoscalersV2;
        Log.HpaVersion(_logger, hpaType.ApiVersion);
        var buildOptions = new BuildOptions
        {
            HpaApiVersion = hpaType.ApiVersion,
            CircuitBreakerDeadlineSeconds = options.CircuitBreakerDeadlineSeconds,
            // Native sidecars (restartPolicy: Always init containers) are on by default from Kubernetes 1.29.
            NativeSidecars = capabilities.Version.Major > 1 || (capabilities.Version.Major == 1 && capabilities.Version.Minor >= 29),
        };

        await using var caches = new Caches(client, namespaces, hpaType);
        using var serviceQueue = new WorkQueue(time, new WorkQueueOptions(), metrics.Meter, "ecsservice");
        using var taskDefinitionQueue = new WorkQueue(time, new WorkQueueOptions(), metrics.Meter, "ecstaskdefinition");
        using var taskQueue = new WorkQueue(time, new WorkQueueOptions(), metrics.Meter, "ecstask");
        EventSources.Register(caches, serviceQueue, taskDefinitionQueue, taskQueue);
        using var watchChecks = WatchLiveness.Register(health, caches, options.WatchLivenessThreshold, time);
        caches.Start();
        await caches.WaitForSyncAsync(stopping).ConfigureAwait(false);
        health.MarkSynced();
        CachesSynced.TrySetResult();
        Log.CachesSynced(_logger, "ecsservices, ecstaskdefinitions, ecstasks, deployments, daemonsets, services, horizontalpodautoscalers, controllerrevisions, pods");

        var statusWriter = new StatusWriter(client, options.FieldManager);
        await using var events = new EventRecorder(client, time, loggerFactory.CreateLogger<EventRecorder>(), metrics.Meter, health.Report);
        var applier = new ChildApplier(client, options.FieldManager, loggerFactory.CreateLogger<ChildApplier>());
        var serviceController = new Controller(
            new EcsServiceReconciler(caches, applier, statusWriter, events, buildOptions, time, loggerFactory.CreateLogger<EcsServiceReconciler>()),
            serviceQueue, options.MaxConcurrentReconciles, metrics, time, _logger);
        var taskDefinitionController = new Controller(
            new EcsTaskDefinitionReconciler(client, caches, statusWriter, events, options.RevisionHistoryLimit, time, loggerFactory.CreateLogger<EcsTaskDefinitionReconciler>()),
            taskDefinitionQueue, Math.Max(1, options.MaxConcurrentReconciles / 2), metrics, time, _logger);
        var taskController = new Controller(
            new EcsTaskReconciler(caches, applier, statusWriter, events, buildOptions, options.StoppedTaskTtl, time, loggerFactory.CreateLogger<EcsTaskReconciler>()),
            taskQueue, Math.Max(1, options.MaxConcurrentReconciles / 2), metrics, time, _logger);

        // Stops when the run ends, however it ends (stop, lost lease, error).
        await using var trimmer = IdleMemoryTrimmer.Start(
            () => serviceQueue.Depth == 0 && taskDefinitionQueue.Depth == 0 && taskQueue.Depth == 0
                && serviceController.InFlight == 0 && taskDefinitionController.InFlight == 0 && taskController.InFlight == 0,
            IdleMemoryTrimOptions.Default, time, _logger);

        using var resync = time.CreateTimer(_ =>
        {
            foreach (var s in caches.Services.List())
            {
                serviceQueue.AddLowPriority(ObjectKey.Of(s));
            }
            foreach (var td in caches.TaskDefinitions.List())
            {
                taskDefinitionQueue.AddLowPriority(ObjectKey.Of(td));
            }
            foreach (var t in caches.Tasks.List())
            {
                taskQueue.AddLowPriority(ObjectKey.Of(t));
            }
        }, null, options.ResyncPeriod, options.ResyncPeriod);

        using var abort = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var lostLeadership = false;
        LeaseElector? elector = null;
        Task electorTask = Task.CompletedTask;
        // Not linked to stopping: on a graceful stop the lease is kept (and renewed) until the reconciles in flight
        // have finished, so a standby cannot start writing the same objects while this replica still does.
        using var electionStop = new CancellationTokenSource();
        if (options.LeaderElection)
        {
            var identity = (Environment.GetEnvironmentVariable("POD_NAME") ?? Environment.MachineName) + "_" + Guid.NewGuid().ToString("N")[..8];
            var leaseNamespace = options.LeaderElectionNamespace ?? Environment.GetEnvironmentVariable("POD_NAMESPACE") ?? client.DefaultNamespace;
            elector = new LeaseElector(client, new LeaseElectorOptions
            {
                Namespace = leaseNamespace,
                Name = options.LeaderElectionId,
                Identity = identity,
                LeaseDuration = options.LeaseDuration,
                RenewDeadline = options.RenewDeadline,
                RetryPeriod = options.RetryPeriod,
            });
            var acquired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            elector.Acquired += () =>
            {
                metrics.SetLeader(true);
                Log.BecameLeader(_logger, identity);
                acquired.TrySetResult();
            };
            elector.Lost += () =>
            {
                metrics.SetLeader(false);
                if (electionStop.IsCancellationRequested)
                {
                    // A clean stop: the elector gave the lease back on our request; nothing was lost.
                    return;
                }
                lostLeadership = true;
                // Stop writing first (in-flight reconciles are cancelled, not finished), then say so.
                abort.Cancel();
                Log.LostLeadership(_logger, identity);
            };
            Log.WaitingForLeadership(_logger, leaseNamespace + "/" + options.LeaderElectionId);
            electorTask = Task.Run(async () =>
            {
                string reason;
                try
                {
                    await elector.RunAsync(electionStop.Token).ConfigureAwait(false);
                    reason = "the lease loop ended";
                }
                catch (Exception ex)
                {
                    reason = ex.Message;
                }
                if (!electionStop.IsCancellationRequested)
                {
                    // The loop may only end when asked to. A standby that cannot use the Lease would otherwise wait
                    // for ever while /readyz says ready, and a leader would go on without renewing: end the run.
                    lostLeadership = true;
                    health.Report(LeaderElectionCheck, false, "the lease loop stopped: " + reason);
                    await abort.CancelAsync().ConfigureAwait(false);
                    Log.LeaderElectionFailed(_logger, reason);
                }
            }, CancellationToken.None);
            try
            {
                await Task.WhenAny(acquired.Task, electorTask).WaitAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await electionStop.CancelAsync().ConfigureAwait(false);
                await SwallowAsync(electorTask).ConfigureAwait(false);
                return true;
            }
            if (!acquired.Task.IsCompleted)
            {
                return false;
            }
        }
        else
        {
            metrics.SetLeader(true);
        }

        // Graceful stop: no new keys; reconciles in flight finish. Lost lease: abort cancels them.
        using var workersStop = CancellationTokenSource.CreateLinkedTokenSource(stopping, abort.Token);
        if (options.LeaderElection)
        {
            // The standby's cache may be older than the previous leader's last writes (its watches lag, or back off
            // for up to 30 s after an outage). Acting on it could apply an older spec over a newer one, so the
            // first reconcile waits for a fresh list of everything.
            var relisting = time.GetTimestamp();
            try
            {
                await caches.RelistAsync(workersStop.Token).ConfigureAwait(false);
                Log.CachesRelisted(_logger, time.GetElapsedTime(relisting).TotalMilliseconds);
            }
            catch (OperationCanceledException)
            {
                // Stopped or lost the lease while listing: the controllers below end at once.
            }
        }
        await Task.WhenAll(
            serviceController.RunAsync(workersStop.Token, abort.Token),
            taskDefinitionController.RunAsync(workersStop.Token, abort.Token),
            taskController.RunAsync(workersStop.Token, abort.Token)).ConfigureAwait(false);
        Log.Stopping(_logger, serviceController.InFlight + taskDefinitionController.InFlight + taskController.InFlight);
        await electionStop.CancelAsync().ConfigureAwait(false);
        await SwallowAsync(electorTask).ConfigureAwait(false);
        if (lostLeadership)
        {
            // Events queued by reconciles that ran as leader are not written now that another replica may lead.
            events.Abandon();
        }
        return !lostLeadership;
    }

    private static string VersionCommandVersion => Commands.VersionCommand.Version;

    private static async Task SwallowAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
