using EcsBridge.Api;
using EcsBridge.Core.Build;
using EcsBridge.Core.Validation;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Models.Workloads;
using EcsBridge.Kubernetes.Watch;

namespace EcsBridge.Watch;

/// <summary>
/// Every shared cache the reconcilers read from (reads never go to the API). Children are cached only when they
/// carry the managed-by label, so memory grows with what the operator owns, not with the cluster.
/// </summary>
internal sealed class Caches : IAsyncDisposable
{
    /// <summary>Services by the task definition family they follow ("namespace/family").</summary>
    public const string ServicesByFamily = "taskDefinitionFamily";

    /// <summary>EcsTasks that have not fixed their revision yet, by the family they name ("namespace/family").</summary>
    public const string TasksByFamily = "taskFamily";

    /// <summary>Pods by the service label they carry, and services by the label their pods carry ("namespace/label value").</summary>
    public const string PodsByService = "service";

    private static readonly string ManagedSelector = $"{Labels.ManagedBy}={Labels.ManagedByValue}";

    public Caches(KubeClient client, IReadOnlyList<string> namespaces, ResourceType hpaType)
    {
        HpaType = hpaType;
        Services = new(client, OperatorResources.EcsServices, ApiJsonContext.Default.EcsService, namespaces,
            indexers: [(ServicesByFamily, FamilyKeys), (PodsByService, s => [ServicePodsKey(s.Metadata.Namespace, s.Metadata.Name!)])]);
        Tasks = new(client, OperatorResources.EcsTasks, ApiJsonContext.Default.EcsTask, namespaces,
            indexers: [(TasksByFamily, TaskFamilyKeys)]);
        TaskDefinitions = new(client, OperatorResources.EcsTaskDefinitions, ApiJsonContext.Default.EcsTaskDefinition, namespaces);
        Deployments = new(client, ResourceType.Deployments, WorkloadsJsonContext.Default.Deployment, namespaces, ManagedSelector);
        DaemonSets = new(client, OperatorResources.DaemonSets, WorkloadsJsonContext.Default.DaemonSet, namespaces, ManagedSelector);
        KubeServices = new(client, ResourceType.Services, WorkloadsJsonContext.Default.Service, namespaces, ManagedSelector);
        Hpas = new(client, hpaType, WorkloadsJsonContext.Default.HorizontalPodAutoscaler, namespaces, ManagedSelector);
        Revisions = new(client, OperatorResources.ControllerRevisions, WorkloadsJsonContext.Default.ControllerRevision, namespaces, ManagedSelector);
        // Only our tasks (the pod template carries the managed-by label), without their spec and with only the
        // annotations the operator reads (dockerLabels and tags can be large): the circuit breaker reads their status,
        // the service status which deployment each belongs to.
        Pods = new(client, ResourceType.Pods, WorkloadsJsonContext.Default.Pod, namespaces, ManagedSelector,
            transform: p => p with { Metadata = p.Metadata with { Annotations = KeptAnnotations(p.Metadata.Annotations) }, Spec = null },
            indexers: [(PodsByService, PodServiceKeys)]);
    }

    /// <summary>The pod annotations the pod cache keeps; every other one is dropped to keep the cache small.</summary>
    public static readonly IReadOnlySet<string> PodAnnotations = new HashSet<string>(StringComparer.Ordinal)
    {
        Labels.ForceNewDeploymentAnnotation,
        Labels.StopReasonAnnotation,
    };

    public ResourceType HpaType { get; }

    private static IReadOnlyDictionary<string, string>? KeptAnnotations(IReadOnlyDictionary<string, string>? annotations)
    {
        if (annotations is null || !annotations.Keys.Any(PodAnnotations.Contains))
        {
            return null;
        }
        return annotations.Where(pair => PodAnnotations.Contains(pair.Key)).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
    }

    public NamespacedInformer<EcsService> Services { get; }

    public NamespacedInformer<EcsTaskDefinition> TaskDefinitions { get; }

    public NamespacedInformer<EcsTask> Tasks { get; }

    public NamespacedInformer<Deployment> Deployments { get; }

    public NamespacedInformer<DaemonSet> DaemonSets { get; }

    public NamespacedInformer<Service> KubeServices { get; }

    public NamespacedInformer<HorizontalPodAutoscaler> Hpas { get; }

    public NamespacedInformer<ControllerRevision> Revisions { get; }

    public NamespacedInformer<Pod> Pods { get; }

    /// <summary>Every informer, for the liveness checks.</summary>
    public IReadOnlyList<(ResourceType Type, string? Namespace, Func<InformerLiveness> Liveness)> Watches =>
    [
        .. Services.Watches, .. TaskDefinitions.Watches, .. Tasks.Watches, .. Deployments.Watches, .. DaemonSets.Watches,
        .. KubeServices.Watches, .. Hpas.Watches, .. Revisions.Watches, .. Pods.Watches,
    ];

    public bool HasSynced =>
        Services.HasSynced && TaskDefinitions.HasSynced && Tasks.HasSynced && Deployments.HasSynced && DaemonSets.HasSynced
        && KubeServices.HasSynced && Hpas.HasSynced && Revisions.HasSynced && Pods.HasSynced;

    public static string FamilyKey(string? ns, string family) => ns + "/" + family;

    /// <summary>The <see cref="PodsByService"/> key of an EcsService's pods.</summary>
    public static string ServicePodsKey(string? ns, string serviceName) => ns + "/" + Labels.Selector(serviceName)[Labels.Service];

    private static IEnumerable<string> PodServiceKeys(Pod pod) =>
        pod.Metadata.Labels?.TryGetValue(Labels.Service, out var service) == true ? [pod.Metadata.Namespace + "/" + service] : [];

    private static IEnumerable<string> FamilyKeys(EcsService service) =>
        TaskDefinitionReference.TryParse(service.Spec.TaskDefinition, out var reference)
            ? [FamilyKey(service.Metadata.Namespace, reference.Family)]
            : [];

    /// <summary>A task whose revision is fixed (it started) no longer follows its family.</summary>
    private static IEnumerable<string> TaskFamilyKeys(EcsTask task) =>
        task.Status?.TaskDefinition is null && TaskDefinitionReference.TryParse(task.Spec.TaskDefinition, out var reference)
            ? [FamilyKey(task.Metadata.Namespace, reference.Family)]
            : [];

    public void Start()
    {
        Services.Start();
        TaskDefinitions.Start();
        Tasks.Start();
        Deployments.Start();
        DaemonSets.Start();
        KubeServices.Start();
        Hpas.Start();
        Revisions.Start();
        Pods.Start();
    }

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => Task.WhenAll(
        Services.WaitForSyncAsync(cancellationToken), TaskDefinitions.WaitForSyncAsync(cancellationToken), Tasks.WaitForSyncAsync(cancellationToken),
        Deployments.WaitForSyncAsync(cancellationToken), DaemonSets.WaitForSyncAsync(cancellationToken),
        KubeServices.WaitForSyncAsync(cancellationToken), Hpas.WaitForSyncAsync(cancellationToken),
        Revisions.WaitForSyncAsync(cancellationToken), Pods.WaitForSyncAsync(cancellationToken));

    /// <summary>Every cache listed again from the server (see <see cref="Informer{T}.RelistAsync"/>).</summary>
    public Task RelistAsync(CancellationToken cancellationToken) => Task.WhenAll(
        Services.RelistAsync(cancellationToken), TaskDefinitions.RelistAsync(cancellationToken), Tasks.RelistAsync(cancellationToken),
        Deployments.RelistAsync(cancellationToken), DaemonSets.RelistAsync(cancellationToken),
        KubeServices.RelistAsync(cancellationToken), Hpas.RelistAsync(cancellationToken),
        Revisions.RelistAsync(cancellationToken), Pods.RelistAsync(cancellationToken));

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync().ConfigureAwait(false);
        await TaskDefinitions.DisposeAsync().ConfigureAwait(false);
        await Tasks.DisposeAsync().ConfigureAwait(false);
        await Deployments.DisposeAsync().ConfigureAwait(false);
        await DaemonSets.DisposeAsync().ConfigureAwait(false);
        await KubeServices.DisposeAsync().ConfigureAwait(false);
        await Hpas.DisposeAsync().ConfigureAwait(false);
        await Revisions.DisposeAsync().ConfigureAwait(false);
        await Pods.DisposeAsync().ConfigureAwait(false);
    }
}
