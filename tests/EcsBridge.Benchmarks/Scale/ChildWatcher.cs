using System.Diagnostics;
using EcsBridge.Core.Apply;
using EcsBridge.Core.Build;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Models.Workloads;
using EcsBridge.Kubernetes.Watch;

namespace EcsBridge.Benchmarks.Scale;

/// <summary>
/// Watches every managed Deployment, Service and HPA (the operator's label) and notes, by watch event, the moment
/// a set of expected children all carry their expected applied hash, or a Deployment satisfies a condition. A watch
/// sees a change as soon as the API server commits it, without the load that polling 1,000s of objects would add.
/// </summary>
internal sealed class ChildWatcher : IAsyncDisposable
{
    private static readonly string ManagedSelector = $"{Labels.ManagedBy}={Labels.ManagedByValue}";

    private readonly Lock _gate = new();
    private readonly Informer<Deployment> _deployments;
    private readonly Informer<Service> _services;
    private readonly Informer<HorizontalPodAutoscaler> _hpas;
    private readonly List<DeploymentWaiter> _deploymentWaiters = [];
    private Expectation? _expectation;

    public ChildWatcher(KubeClient client, ResourceType hpaType)
    {
        _deployments = new Informer<Deployment>(client, ResourceType.Deployments, WorkloadsJsonContext.Default.Deployment, new() { LabelSelector = ManagedSelector });
        _services = new Informer<Service>(client, ResourceType.Services, WorkloadsJsonContext.Default.Service, new() { LabelSelector = ManagedSelector });
        _hpas = new Informer<HorizontalPodAutoscaler>(client, hpaType, WorkloadsJsonContext.Default.HorizontalPodAutoscaler, new() { LabelSelector = ManagedSelector });
        _deployments.AddEventHandler(d => { Seen(d); SeenDeployment(d); }, (_, d) => { Seen(d); SeenDeployment(d); });
        _services.AddEventHandler(Seen, (_, s) => Seen(s));
        _hpas.AddEventHandler(Seen, (_, h) => Seen(h));
    }

    public IReadOnlyList<Deployment> Deployments => _deployments.Store.List();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _deployments.Start();
        _services.Start();
        _hpas.Start();
        await Task.WhenAll(_deployments.WaitForSyncAsync(cancellationToken), _services.WaitForSyncAsync(cancellationToken),
            _hpas.WaitForSyncAsync(cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Completes with the <see cref="Stopwatch"/> timestamp at which the last of <paramref name="children"/>
    /// was seen carrying its expected hash. Only one expectation at a time.</summary>
    public Task<long> ExpectAsync(IReadOnlyList<DesiredChild> children)
    {
        var expectation = new Expectation(children);
        lock (_gate)
        {
            _expectation = expectation;
        }
        // Children that already match (a re-run) count from now.
        foreach (var d in _deployments.Store.List())
        {
            Seen(d);
        }
        foreach (var s in _services.Store.List())
        {
            Seen(s);
        }
        foreach (var h in _hpas.Store.List())
        {
            Seen(h);
        }
        return expectation.Done.Task;
    }

    /// <summary>How many of the current expectation's children match so far.</summary>
    public int Matched
    {
        get
        {
            lock (_gate)
            {
                return _expectation?.Matched ?? 0;
            }
        }
    }

    /// <summary>Completes with the timestamp at which the Deployment was first seen satisfying <paramref name="condition"/>.</summary>
    public Task<long> WaitForDeploymentAsync(string ns, string name, Func<Deployment, bool> condition)
    {
        var waiter = new DeploymentWaiter(ns, name, condition);
        lock (_gate)
        {
            _deploymentWaiters.Add(waiter);
        }
        if (_deployments.Store.Get(ns, name) is { } current)
        {
            SeenDeployment(current);
        }
        return waiter.Done.Task;
    }

    public void Forget(Task<long> waiterTask)
    {
        lock (_gate)
        {
            _deploymentWaiters.RemoveAll(w => w.Done.Task == waiterTask);
        }
    }

    private void Seen(IKubernetesObject child)
    {
        var now = Stopwatch.GetTimestamp();
        var hash = child.Metadata.Annotations is { } annotations && annotations.TryGetValue(ApplyBody.HashAnnotation, out var h) ? h : null;
        if (hash is null)
        {
            return;
        }
        lock (_gate)
        {
            _expectation?.Seen(DesiredChild.ChildKey(KindOf(child), child.Metadata.Namespace, child.Metadata.Name), hash, now);
        }
    }

    private static string KindOf(IKubernetesObject child) => child switch
    {
        Deployment => "Deployment",
        Service => "Service",
        _ => "HorizontalPodAutoscaler",
    };

    private void SeenDeployment(Deployment deployment)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            for (var i = _deploymentWaiters.Count - 1; i >= 0; i--)
            {
                var waiter = _deploymentWaiters[i];
                if (waiter.Namespace == deployment.Metadata.Namespace && waiter.Name == deployment.Metadata.Name && waiter.Condition(deployment))
                {
                    _deploymentWaiters.RemoveAt(i);
                    waiter.Done.TrySetResult(now);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _deployments.DisposeAsync().ConfigureAwait(false);
        await _services.DisposeAsync().ConfigureAwait(false);
        await _hpas.DisposeAsync().ConfigureAwait(false);
    }

    private sealed class Expectation(IReadOnlyList<DesiredChild> children)
    {
        private readonly Dictionary<string, string> _pending = children.ToDictionary(c => c.Key, c => c.Hash, StringComparer.Ordinal);

        public TaskCompletionSource<long> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Matched => children.Count - _pending.Count;

        public void Seen(string key, string hash, long now)
        {
            if (_pending.TryGetValue(key, out var expected) && expected == hash)
            {
                _pending.Remove(key);
                if (_pending.Count == 0)
                {
                    Done.TrySetResult(now);
                }
            }
        }
    }

    private sealed record DeploymentWaiter(string Namespace, string Name, Func<Deployment, bool> Condition)
    {
        public TaskCompletionSource<long> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
