using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using EcsBridge.Api;
using EcsBridge.Core.Apply;
using EcsBridge.Core.Build;
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
/// that shows an older tag than before has regressed. The check compares each Deployment with what the operator's
/// pure builder makes from the current EcsService and task definition: the applied-hash annotation, the image
/// and the replica count.
/// </summary>
internal sealed class FaultWorkload(KubeClient admin, string ns)
{
    private readonly ConcurrentDictionary<int, int> _imageVersions = new();
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

    public async Task CreateAsync(IEnumerable<int> indexes, int replicas = 0)
    {
        foreach (var i in indexes)
        {
            _imageVersions[i] = 1;
            await Ecs.ApplyAsync(admin, ns, Ecs.TaskDefinition(FamilyName(i), Image(1)));
            await Ecs.ApplyAsync(admin, ns, Ecs.Service(ServiceName(i), FamilyName(i), replicas));
            Interlocked.Add(ref _changesSent, 2);
        }
    }

    /// <summary>A new image tag for the family (a new task definition revision). False when the API refused.</summary>
    public Task<bool> TryBumpImageAsync(int i)
    {
        var version = _imageVersions.AddOrUpdate(i, 2, (_, v) => v + 1);
        return TryAsync(() => Ecs.ApplyAsync(admin, ns, Ecs.TaskDefinition(FamilyName(i), Image(version))));
    }

    public Task<bool> TrySetReplicasAsync(int i, int replicas) =>
        TryAsync(() => Ecs.ApplyAsync(admin, ns, Ecs.Service(ServiceName(i), FamilyName(i), replicas)));

    private async Task<bool> TryAsync(Func<Task> change)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await change().WaitAsync(timeout.Token);
            Interlocked.Increment(ref _changesSent);
            return true;
        }
        catch (Exception ex) when (ex is KubeException or HttpRequestException or OperationCanceledException or TimeoutException)
        {
            Interlocked.Increment(ref _changesFailed);
            return false;
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

    /// <summary>Why service <paramref name="i"/> is not (yet) converged, or null when its Deployment carries the
    /// latest desired spec and its status observed the latest generation.</summary>
    public Task<string?> DivergenceAsync(int i) => DivergenceAsync(admin, ns, ServiceName(i), FamilyName(i));

    /// <summary>Why the service is not (yet) converged, or null (see <see cref="DivergenceAsync(int)"/>).</summary>
    public static async Task<string?> DivergenceAsync(KubeClient admin, string ns, string name, string family)
    {
        var service = await admin.TryGetAsync(OperatorResources.EcsServices, ns, name, ApiJsonContext.Default.EcsService);
        var td = await admin.TryGetAsync(OperatorResources.EcsTaskDefinitions, ns, family, ApiJsonContext.Default.EcsTaskDefinition);
        if (service is null || td is null)
        {
            return "the EcsService or its task definition is missing";
        }
        if (td.Status?.Revision is not { } revision || td.Status.ObservedGeneration != td.Metadata.Generation)
        {
            return $"task definition {family} generation {td.Metadata.Generation} has no recorded revision yet (observed {td.Status?.ObservedGeneration})";
        }
        var desired = DesiredStateBuilder.Build(service, new ResolvedTaskDefinition(family, revision, td.Spec), new BuildOptions
        {
            HpaApiVersion = ResourceType.HorizontalPodAutoscalersV2Beta2.ApiVersion,
            NativeSidecars = false,
            OwnerUid = service.Metadata.Uid,
        });
        var expectedHash = ApplyBody.For(desired.Deployment!)["metadata"]!["annotations"]![ApplyBody.HashAnnotation]!.GetValue<string>();
        var deployment = await admin.TryGetAsync(ResourceType.Deployments, ns, name, KubeJsonContext.Default.JsonObject);
        if (deployment is null)
        {
            return "no Deployment";
        }
        var hash = deployment["metadata"]?["annotations"]?[ApplyBody.HashAnnotation]?.GetValue<string>();
        var image = deployment["spec"]?["template"]?["spec"]?["containers"]?[0]?["image"]?.GetValue<string>();
        var replicas = deployment["spec"]?["replicas"]?.GetValue<int>();
        var wantImage = td.Spec.ContainerDefinitions![0].Image;
        if (hash != expectedHash || image != wantImage || replicas != service.Spec.DesiredCount)
        {
            return $"Deployment has hash {hash}, image {image}, replicas {replicas}; the spec asks for {expectedHash}, {wantImage}, {service.Spec.DesiredCount} ({family}:{revision})";
        }
        if (service.Status?.ObservedGeneration != service.Metadata.Generation)
        {
            return $"status observed generation {service.Status?.ObservedGeneration}, not {service.Metadata.Generation}";
        }
        return null;
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
