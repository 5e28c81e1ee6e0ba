using System.Globalization;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Build.Strategies;

/// <summary>
/// ECS's BLUE_GREEN strategy with Deployments and Services only, as a pure function of the desired children, the live
/// Deployments and the time (level-triggered: every reconcile decides afresh from what the cluster holds).
/// <list type="bullet">
/// <item>Each revision runs in its own Deployment, <c>&lt;service&gt;-&lt;family&gt;-&lt;revision&gt;</c>, whose
/// selector adds the revision's labels to the service's, so the two never share pods. A Deployment of the service
/// that already runs the target revision (the ROLLING one, named after the service) is reused as it is.</item>
/// <item>The test Service <c>&lt;service&gt;-test</c> selects only the target revision from the start.</item>
/// <item>The production Service selects the production revision: the Deployment with the latest
/// <see cref="BlueGreenAnnotations.ProductionSince"/> (or the older one when none has it yet). Once the target is
/// fully ready, one apply moves the selector to it and stamps it with the switch time and the bake deadline.</item>
/// <item>Until the bake deadline the previous revision keeps running untouched; after it, it is deleted. A
/// circuit-breaker rollback makes the old revision the target again: it is ready, so the selector moves back at once
/// and the failed revision goes without a bake. A Deployment that is neither production nor target (a revision
/// replaced mid-deployment) serves no traffic and is deleted at once.</item>
/// </list>
/// </summary>
public static class BlueGreenPlanner
{
    public const string TestServiceSuffix = "-test";

    /// <summary>The Deployment a revision runs in under BLUE_GREEN.</summary>
    public static string WorkloadName(string serviceName, string family, int revision) =>
        Names.Dns1123Subdomain(string.Create(CultureInfo.InvariantCulture, $"{serviceName}-{family}-{revision}"));

    public static string TestServiceName(string serviceName) => Names.Dns1123Subdomain(serviceName + TestServiceSuffix);

    public static BlueGreenPlan Plan(BlueGreenInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var desired = input.Desired;
        var built = desired.Deployment ?? throw new ArgumentException("BLUE_GREEN needs a Deployment (schedulingStrategy REPLICA).", nameof(input));
        var live = input.Live.Where(d => d.Metadata.DeletionTimestamp is null).ToList();
        var targetLabels = RevisionLabels(built.Spec!.Template!.Metadata!.Labels!);

        // The target: a live Deployment already running the revision, else a new one named after the revision.
        var liveTarget = LiveTarget(live, built);
        var others = live.Where(d => !ReferenceEquals(d, liveTarget)).ToList();
        var production = ProductionOf(live) ?? liveTarget;
        var targetName = liveTarget?.Metadata.Name ?? WorkloadName(input.ServiceName, input.Family, input.Revision);

        var annotations = new Dictionary<string, string>(built.Metadata.Annotations ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        CopyState(liveTarget, annotations);
        string? stage;
        DateTimeOffset? deadline = null;
        var kept = new List<Deployment>();
        var retired = new List<Deployment>();
        // The first revision is not stamped: with nothing to shift from, it is the production one as the oldest.
        var productionIsTarget = production is null || ReferenceEquals(production, liveTarget);
        if (!productionIsTarget && IsFullyReady(liveTarget, input.DesiredCount) && !input.Hooks.HoldProductionTraffic)
        {
            // The switch: one apply moves the production selector; the stamp makes the target the production one.
            var bake = input.RollingBack ? TimeSpan.Zero : TimeSpan.FromMinutes(Math.Max(0, input.BakeTimeInMinutes));
            annotations[BlueGreenAnnotations.ProductionSince] = Format(input.Now);
            annotations[BlueGreenAnnotations.BakeDeadline] = Format(input.Now + bake);
            productionIsTarget = true;
        }

        if (productionIsTarget)
        {
            deadline = Parse(annotations.GetValueOrDefault(BlueGreenAnnotations.BakeDeadline));
            // POST_PRODUCTION_TRAFFIC_SHIFT hooks keep the previous revision (the way back) past the deadline.
            var baking = (deadline is { } until && until > input.Now) || (input.Hooks.HoldCleanUp && others.Count > 0);
            foreach (var other in others)
            {
                (baking ? kept : retired).Add(other);
            }
            stage = others.Count == 0 ? null : baking ? LifecycleStages.BakeTime : LifecycleStages.CleanUp;
            if (!baking)
            {
                deadline = null;
            }
        }
        else
        {
            // Before the switch: the production revision keeps running; anything else gets no traffic and goes.
            foreach (var other in others)
            {
                (ReferenceEquals(other, production) ? kept : retired).Add(other);
            }
            stage = LifecycleStages.ScaleUp;
        }

        var productionLabels = productionIsTarget ? targetLabels : RevisionLabels(production!.Spec?.Template?.Metadata?.Labels);
        var selectorBase = built.Spec.Selector?.MatchLabels ?? new Dictionary<string, string>();
        // Between deployments (only the target runs) autoScaling applies, to the target's Deployment; during one the HPA
        // is removed so it cannot resize a revision behind the switch.
        var hpa = productionIsTarget && others.Count == 0 ? Autoscaler(desired.Hpa, targetName) : null;
        var target = built with
        {
            Metadata = built.Metadata with { Name = targetName, Annotations = Canonical.Map(annotations) },
            Spec = built.Spec with
            {
                // The HPA's between deployments; during one, explicit: green starts at full size (the production
                // revision's count when autoscaled) once its PRE_SCALE_UP hooks (if any) succeeded.
                Replicas = hpa is not null ? null : input.Hooks.HoldScaleUp && !productionIsTarget ? 0 : input.DesiredCount,
                // A reused Deployment keeps its selector (immutable); a new one selects only its revision.
                Selector = liveTarget?.Spec?.Selector ?? new LabelSelector { MatchLabels = Canonical.Map(selectorBase.Concat(targetLabels)) },
            },
        };
        var productionService = desired.Service is { } service
            ? service with { Spec = service.Spec! with { Selector = Canonical.Map(selectorBase.Concat(productionLabels)) } }
            : null;
        var testService = TestService(desired.Service, input.ServiceName, selectorBase, targetLabels);

        return new BlueGreenPlan
        {
            Desired = desired with { Deployment = target, Service = productionService, TestService = testService, Hpa = hpa, Retired = retired },
            Kept = kept,
            Stage = stage,
            TargetTrafficPercent = productionIsTarget ? 100 : 0,
            ProductionWorkload = productionIsTarget ? targetName : production!.Metadata.Name!,
            BakeDeadline = deadline,
            RequeueAfter = deadline is { } at && at > input.Now ? at - input.Now : null,
        };
    }

    /// <summary>The live Deployment that already runs the revision <paramref name="built"/> was built for, if any.</summary>
    public static Deployment? LiveTarget(IReadOnlyList<Deployment> live, Deployment built)
    {
        ArgumentNullException.ThrowIfNull(built);
        var targetLabels = RevisionLabels(built.Spec?.Template?.Metadata?.Labels);
        return live.FirstOrDefault(d => SameRevision(d, targetLabels));
    }

    /// <summary>The service's HPA as built, scaling the revision's Deployment <paramref name="workload"/>.</summary>
    public static HorizontalPodAutoscaler? Autoscaler(HorizontalPodAutoscaler? built, string workload) =>
        built?.Spec is { } spec ? built with { Spec = spec with { ScaleTargetRef = spec.ScaleTargetRef with { Name = workload } } } : null;

    /// <summary>The test Service <c>&lt;service&gt;-test</c>: the production one's ports, a ClusterIP, selecting only the
    /// target revision's tasks (none without a production Service, i.e. no ports).</summary>
    public static Service? TestService(Service? production, string serviceName, IReadOnlyDictionary<string, string> selectorBase,
        IReadOnlyDictionary<string, string> targetLabels) =>
        production is { } prod
            ? prod with
            {
                Metadata = prod.Metadata with { Name = TestServiceName(serviceName) },
                Spec = prod.Spec! with { Type = ServiceBuilder.ClusterIp, Selector = Canonical.Map(selectorBase.Concat(targetLabels)) },
            }
            : null;

    /// <summary>The production Deployment: the latest one stamped by a switch; else (the first revision, or the
    /// Deployment of a service that ran ROLLING before) the oldest.</summary>
    public static Deployment? ProductionOf(IReadOnlyList<Deployment> live) =>
        live.Where(d => Parse(d.Metadata.Annotations?.GetValueOrDefault(BlueGreenAnnotations.ProductionSince)) is not null)
            .OrderByDescending(d => Parse(d.Metadata.Annotations![BlueGreenAnnotations.ProductionSince]))
            .FirstOrDefault()
        ?? live.OrderBy(d => d.Metadata.CreationTimestamp ?? DateTimeOffset.MaxValue).ThenBy(d => d.Metadata.Name, StringComparer.Ordinal).FirstOrDefault();

    /// <summary>Ready to take production traffic: the controller has seen the current spec, every desired task runs
    /// the current template and is available, and no task of an older template is left.</summary>
    public static bool IsFullyReady(Deployment? deployment, int desiredCount)
    {
        if (deployment?.Spec is not { } spec || deployment.Status is not { } status)
        {
            return false;
        }
        var replicas = spec.Replicas ?? 1;
        return status.ObservedGeneration >= (deployment.Metadata.Generation ?? 0) && replicas == desiredCount
            && status.UpdatedReplicas >= replicas && (status.ReadyReplicas ?? 0) >= replicas && (status.AvailableReplicas ?? 0) >= replicas
            && (status.Replicas ?? 0) == status.UpdatedReplicas;
    }

    /// <summary>The labels that tell revisions apart: task definition family and revision.</summary>
    public static IReadOnlyDictionary<string, string> RevisionLabels(IReadOnlyDictionary<string, string>? templateLabels) =>
        Canonical.Map((templateLabels ?? new Dictionary<string, string>())
            .Where(l => l.Key is Labels.TaskDefinition or Labels.Revision)) ?? new Dictionary<string, string>();

    /// <summary>family:revision of a live Deployment, from its template labels; null when they are missing.</summary>
    public static string? TaskDefinitionOf(Deployment deployment)
    {
        var labels = deployment.Spec?.Template?.Metadata?.Labels;
        return labels is not null && labels.TryGetValue(Labels.TaskDefinition, out var family) && labels.TryGetValue(Labels.Revision, out var revision)
            ? family + ":" + revision
            : null;
    }

    private static bool SameRevision(Deployment deployment, IReadOnlyDictionary<string, string> revisionLabels)
    {
        var labels = RevisionLabels(deployment.Spec?.Template?.Metadata?.Labels);
        return labels.Count == revisionLabels.Count && labels.All(l => revisionLabels.TryGetValue(l.Key, out var v) && v == l.Value);
    }

    private static void CopyState(Deployment? live, Dictionary<string, string> annotations)
    {
        foreach (var key in new[] { BlueGreenAnnotations.ProductionSince, BlueGreenAnnotations.BakeDeadline })
        {
            if (live?.Metadata.Annotations?.TryGetValue(key, out var value) == true)
            {
                annotations[key] = value;
            }
        }
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset? Parse(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) ? time : null;
}
