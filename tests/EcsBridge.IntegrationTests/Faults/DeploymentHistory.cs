using System.Collections.Concurrent;
using System.Globalization;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Models.Workloads;
using EcsBridge.Kubernetes.Watch;

namespace EcsBridge.IntegrationTests.Faults;

/// <summary>
/// Records, through its own informer (which survives API restarts and relists on 410), every state of every
/// Deployment in a namespace: the image version and the task-definition revision label. The informer delivers a
/// Deployment's states in server order, so a version lower than one seen before is a real regression of the
/// object on the server, not an artefact of the recorder.
/// </summary>
internal sealed class DeploymentHistory : IAsyncDisposable
{
    private readonly Informer<Deployment> _informer;
    private readonly ConcurrentDictionary<string, List<(int Image, int Revision)>> _seen = new(StringComparer.Ordinal);

    public DeploymentHistory(KubeClient client, string ns)
    {
        _informer = new Informer<Deployment>(client, ResourceType.Deployments, WorkloadsJsonContext.Default.Deployment,
            new InformerOptions<Deployment> { Namespace = ns, MaxBackoff = TimeSpan.FromSeconds(2) });
        _informer.AddEventHandler(Record, (_, d) => Record(d));
    }

    public int StatesSeen => _seen.Values.Sum(l => { lock (l) { return l.Count; } });

    public async Task StartAsync()
    {
        _informer.Start();
        await _informer.WaitForSyncAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    private void Record(Deployment deployment)
    {
        var revision = deployment.Metadata.Labels?.TryGetValue("ecsbridge.io/revision", out var r) == true
            && int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : -1;
        var entry = (FaultWorkload.ImageVersionOf(deployment), revision);
        var list = _seen.GetOrAdd(deployment.Metadata.Name!, _ => []);
        lock (list)
        {
            if (list.Count == 0 || list[^1] != entry)
            {
                list.Add(entry);
            }
        }
    }

    /// <summary>Deployments whose image version or revision ever went down, with their whole sequence.</summary>
    public IReadOnlyList<string> Regressions()
    {
        var regressions = new List<string>();
        foreach (var (name, list) in _seen)
        {
            lock (list)
            {
                for (var k = 1; k < list.Count; k++)
                {
                    if (list[k].Image < list[k - 1].Image || list[k].Revision < list[k - 1].Revision)
                    {
                        regressions.Add($"{name}: " + string.Join(" → ", list.Select(e => $"v{e.Image}/r{e.Revision}")));
                        break;
                    }
                }
            }
        }
        return regressions;
    }

    public ValueTask DisposeAsync() => _informer.DisposeAsync();
}
