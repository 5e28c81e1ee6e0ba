using EcsBridge.Api;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Build;

/// <summary>Everything one EcsService should own, built purely from its spec and a task definition revision.
/// A null child means "must not exist" (prune it). Compare bodies through <see cref="DesiredStateJson"/>, never by
/// record equality (lists compare by reference).</summary>
public sealed record DesiredState
{
    /// <summary>The workload for schedulingStrategy REPLICA; null for DAEMON.</summary>
    public Deployment? Deployment { get; init; }

    /// <summary>The workload for schedulingStrategy DAEMON; null for REPLICA.</summary>
    public DaemonSet? DaemonSet { get; init; }

    /// <summary>Null when the task exposes no ports.</summary>
    public Service? Service { get; init; }

    /// <summary>BLUE_GREEN: the test Service (<c>&lt;service&gt;-test</c>) that selects only the new revision; null otherwise.</summary>
    public Service? TestService { get; init; }

    /// <summary>Live Deployments of this service to delete (a blue revision after its bake, a revision replaced
    /// mid-deployment, leftovers of another strategy). Empty for a plain build.</summary>
    public IReadOnlyList<Deployment> Retired { get; init; } = [];

    /// <summary>Live Deployments of earlier revisions whose size alone changes (LINEAR/CANARY steps). Empty for a plain
    /// build.</summary>
    public IReadOnlyList<ScaledDeployment> Scaled { get; init; } = [];

    /// <summary>Lifecycle hook tasks to start (created once, never changed; see <see cref="Strategies.LifecycleHookPlanner"/>).</summary>
    public IReadOnlyList<EcsTask> HookTasks { get; init; } = [];

    /// <summary>Null unless auto scaling with a supported metric is configured (never for DAEMON).</summary>
    public HorizontalPodAutoscaler? Hpa { get; init; }

    /// <summary>The ServiceAccount the pods run as when the task definition has a taskRoleArn (named after the family,
    /// with the <c>eks.amazonaws.com/role-arn</c> annotation, shared by the family's services). Null otherwise.</summary>
    public ServiceAccount? ServiceAccount { get; init; }

    /// <summary>The pod selector in label-selector text form ("k=v,k=v"), for <c>status.selector</c> (scale subresource).</summary>
    public required string Selector { get; init; }

    /// <summary>ECS fields that were not honoured, or only approximated, with the reason.</summary>
    public required IReadOnlyList<TranslationNote> Notes { get; init; }

    /// <summary>Kubernetes names of the containers whose exit stops an ECS task (essential, the default): the ones the
    /// circuit breaker counts failures of.</summary>
    public IReadOnlySet<string> EssentialContainers { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The non-null children in apply order: ServiceAccount (the pods need it), workload, Service, HPA.</summary>
    public IReadOnlyList<IKubernetesObject> Objects()
    {
        var objects = new List<IKubernetesObject>(4);
        if (ServiceAccount is not null)
        {
            objects.Add(ServiceAccount);
        }

        if (Deployment is not null)
        {
            objects.Add(Deployment);
        }

        if (DaemonSet is not null)
        {
            objects.Add(DaemonSet);
        }

        if (Service is not null)
        {
            objects.Add(Service);
        }

        if (TestService is not null)
        {
            objects.Add(TestService);
        }

        if (Hpa is not null)
        {
            objects.Add(Hpa);
        }

        return objects;
    }
}
