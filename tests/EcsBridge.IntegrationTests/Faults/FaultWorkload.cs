using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Kubernetes.Models.Workloads;
using EcsBridge.Watch;

namespace EcsBridge.IntegrationTests.Faults;

/// <summary>
/// N services in one namespace, each following its own task definition family (svc-007 runs td-007), changed as a
/// user would (server-side apply): the image tag of a family only ever goes up (app:v1, v2, …), so a Deployment
/// that shows an older tag than before has regressed. The workload records every change it sends and what the API
/// answered (<see cref="Written"/>); the check reads each object back and compares it with that record, never with
/// what the operator's code would make: the EcsService and task definition must still hold a value the suite wrote,
/// and the Deployment must carry that image and replica count (<see cref="ConvergenceOracle"/>).
/// </summary>
internal sealed class FaultWorkload(KubeClient admin, string ns)
{
    private const string Manager = "kubectl";
    private readonly ConcurrentDictionary<int, Written> _written = new();
    private long _changesSent;
    private long _changesFailed;

    public string Namespace => ns;

    /// <summary>Changes the API server acknowledged.</summary>
    public long ChangesSent => Interlocked.Read(ref _changesSent);

    /// <summary>Changes that failed (the API was down); the next change of the same object supersedes them.</summary>
    public long ChangesFailed => Interlocked.Read(ref _changesFailed);

    public static string ServiceName(int i) => "svc-" + i.ToString("D3", CultureInfo.InvariantCulture);

    public static string FamilyName(int i) => "td-" + i.ToString("D3", CultureInfo.InvariantCulture);

    public static string Image(int version) => "registry.local/app:v" + version.ToString(CultureInfo.InvariantCulture);

    /// <summary>The version in an image written by <see cref="Image"/>, or -1.</summary>
    public static int VersionOf(string? image) =>
        image is not null && image.LastIndexOf(":v", StringComparison.Ordinal) is var at and >= 0
        && int.TryParse(image.AsSpan(at + 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : -1;

    /// <summary>What the suite wrote for one service and its family, as the API acknowledged it. A change that failed
    /// may still have landed (the API can commit and then drop the connection), so its value is kept as possible
    /// until a later change is acknowledged.</summary>
    private sealed class Written
    {
        public int NextImage = 1;
        public int Image;
        public List<int> PossibleImages = [];
        public int Replicas;
        public List<int> PossibleReplicas = [];
        public string ServiceUid = "";
        public string TaskDefinitionUid = "";
    }

    public async Task CreateAsync(IEnumerable<int> indexes, int replicas = 0)
    {
        foreach (var i in indexes)
        {
            var td = await ApplyAsync(Ecs.TaskDefinition(FamilyName(i), Image(1)));
            var service = await ApplyAsync(Ecs.Service(ServiceName(i), FamilyName(i), replicas));
            _written[i] = new Written
            {
                NextImage = 2, Image = 1, Replicas = replicas,
                TaskDefinitionUid = Ecs.Text(td["metadata"]!["uid"])!, ServiceUid = Ecs.Text(service["metadata"]!["uid"])!,
            };
            Interlocked.Add(ref _changesSent, 2);
        }
    }

    /// <summary>A new image tag for the family (a new task definition revision). False when the API refused.</summary>
    public async Task<bool> TryBumpImageAsync(int i)
    {
        var written = _written[i];
        int version;
        lock (written)
        {
            version = written.NextImage++;
        }
        var answer = await TryApplyAsync(Ecs.TaskDefinition(FamilyName(i), Image(version)));
        lock (written)
        {
            if (answer is null)
            {
                written.PossibleImages.Add(version);
            }
            else if (version > written.Image)
            {
                written.Image = version;
                written.PossibleImages.RemoveAll(v => v < version);
            }
        }
        return answer is not null;
    }

    public async Task<bool> TrySetReplicasAsync(int i, int replicas)
    {
        var written = _written[i];
        var answer = await TryApplyAsync(Ecs.Service(ServiceName(i), FamilyName(i), replicas));
        lock (written)
        {
            if (answer is null)
            {
                written.PossibleReplicas.Add(replicas);
            }
            else
            {
                written.Replicas = replicas;
                written.PossibleReplicas.Clear();
            }
        }
        return answer is not null;
    }

    private Task<JsonObject> ApplyAsync(string json) => ApplyAsUserAsync(admin, ns, json);

    /// <summary>Server-side apply of an EcsService or EcsTaskDefinition as a user would; the object the API answered.</summary>
    public static Task<JsonObject> ApplyAsUserAsync(KubeClient admin, string ns, string json)
    {
        var body = JsonNode.Parse(json)!.AsObject();
        body["metadata"]!["namespace"] = ns;
        var type = body["kind"]!.GetValue<string>() == "EcsService" ? OperatorResources.EcsServices : OperatorResources.EcsTaskDefinitions;
        return admin.ApplyAsync(type, ns, body["metadata"]!["name"]!.GetValue<string>(), body, KubeJsonContext.Default.JsonObject,
            new ApplyOptions { FieldManager = Manager, Force = true });
    }

    private async Task<JsonObject?> TryApplyAsync(string json)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            var answer = await ApplyAsync(json).WaitAsync(timeout.Token);
            Interlocked.Increment(ref _changesSent);
            return answer;
        }
        catch (Exception ex) when (ex is KubeException or HttpRequestException or OperationCanceledException or TimeoutException)
        {
            Interlocked.Increment(ref _changesFailed);
            return null;
        }
    }

    /// <summary>Random image and replica changes (0–2 replicas: Pods stay Pending without a scheduler, so keep
    /// them few) until <paramref name="stop"/>; failures while the API is down are counted, not thrown.</summary>
    public async Task ChurnAsync(int count, TimeSpan pause, CancellationToken stop, int seed)
    {
        var random = new Random(seed);
        while (!stop.IsCancellationRequested)
        {
            var i = random.Next(count);
            _ = random.Next(3) == 0 ? await TrySetReplicasAsync(i, random.Next(3)) : await TryBumpImageAsync(i);
            try
            {
                await Task.Delay(pause, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Why service <paramref name="i"/> differs from what the suite wrote, or null: its task definition and
    /// EcsService still hold (and are the objects) the API acknowledged, and its Deployment carries that image and
    /// replica count for the latest generation.</summary>
    public async Task<string?> DivergenceAsync(int i)
    {
        var written = _written[i];
        int image, replicas;
        int[] images, counts;
        string tdUid, serviceUid;
        lock (written)
        {
            (image, replicas, tdUid, serviceUid) = (written.Image, written.Replicas, written.TaskDefinitionUid, written.ServiceUid);
            images = [written.Image, .. written.PossibleImages];
            counts = [written.Replicas, .. written.PossibleReplicas];
        }
        var td = await admin.TryGetAsync(OperatorResources.EcsTaskDefinitions, ns, FamilyName(i), KubeJsonContext.Default.JsonObject);
        if (td is null || Ecs.Text(td["metadata"]!["uid"]) != tdUid)
        {
            return $"task definition {FamilyName(i)} is gone or was replaced (the API answered uid {tdUid})";
        }
        // The final value may be an unacknowledged change that landed after all; anything else was lost.
        var liveImage = Ecs.Text(td["spec"]?["containerDefinitions"]?[0]?["image"]);
        if (!images.Contains(VersionOf(liveImage)))
        {
            return $"task definition holds image {liveImage}; the suite last wrote {Image(image)} (acknowledged)";
        }
        var service = await admin.TryGetAsync(OperatorResources.EcsServices, ns, ServiceName(i), KubeJsonContext.Default.JsonObject);
        var liveReplicas = service?["spec"]?["desiredCount"]?.GetValue<int>();
        if (service is not null && (liveReplicas is not { } count || !counts.Contains(count)))
        {
            return $"EcsService holds desiredCount {liveReplicas}; the suite last wrote {replicas} (acknowledged)";
        }
        var expected = new ConvergenceOracle.Expected(new Dictionary<string, string> { ["app"] = liveImage! }, liveReplicas ?? replicas);
        return await ConvergenceOracle.DivergenceAsync(admin, ns, ServiceName(i), serviceUid, expected);
    }

    /// <summary>Waits until every service converged, or the time is up; returns the ones that did not, with why.</summary>
    public async Task<IReadOnlyDictionary<int, string>> WaitConvergedAsync(IReadOnlyCollection<int> indexes, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var pending = indexes.ToHashSet();
        var reasons = new Dictionary<int, string>();
        while (true)
        {
            reasons.Clear();
            foreach (var i in pending.ToList())
            {
                string? why;
                try
                {
                    why = await DivergenceAsync(i);
                }
                catch (Exception ex) when (ex is KubeException or HttpRequestException)
                {
                    why = "cannot read: " + ex.Message;
                }
                if (why is null)
                {
                    pending.Remove(i);
                }
                else
                {
                    reasons[i] = why;
                }
            }
            if (pending.Count == 0 || DateTime.UtcNow > deadline)
            {
                return reasons;
            }
            await Task.Delay(500);
        }
    }

    public static string Describe(IReadOnlyDictionary<int, string> divergent) =>
        string.Join("\n", divergent.OrderBy(p => p.Key).Take(15).Select(p => $"  {ServiceName(p.Key)}: {p.Value}"));

    /// <summary>An apply body for a Deployment field edit by another field manager.</summary>
    public static JsonObject DeploymentPatch(string ns, string name, string specJson) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = JsonNode.Parse(specJson),
    };

    public static int ImageVersionOf(Deployment deployment) => VersionOf(deployment.Spec?.Template.Spec?.Containers is [var first, ..] ? first.Image : null);
}
