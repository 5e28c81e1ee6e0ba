using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Build;

/// <summary>Application Auto Scaling target tracking → HorizontalPodAutoscaler (autoscaling/v2 or v2beta2, which are
/// wire-identical for Resource metrics and behavior). Null when nothing the HPA can measure is configured.</summary>
internal static class HpaBuilder
{
    public const string CpuMetric = "ECSServiceAverageCPUUtilization";
    public const string MemoryMetric = "ECSServiceAverageMemoryUtilization";

    /// <summary>The largest stabilization window Kubernetes accepts (one hour).</summary>
    public const int MaxStabilizationWindowSeconds = 3600;

    public static HorizontalPodAutoscaler? Build(BuildContext context, PodTemplateSpec template)
    {
        var scaling = context.ServiceSpec.AutoScaling;
        if (scaling is null)
        {
            return null;
        }

        var notes = context.Notes;
        if (context.IsDaemon)
        {
            notes.Service("autoScaling", NoteReasons.NotSupported, "a DAEMON service runs one task per node and cannot be autoscaled");
            return null;
        }

        var metrics = new List<MetricSpec>();
        var metricFields = new List<string>();
        int? scaleUpWindow = null;
        int? scaleDownWindow = null;
        var disableScaleIn = false;
        var policies = scaling.TargetTrackingPolicies ?? [];
        for (var i = 0; i < policies.Count; i++)
        {
            var policy = policies[i];
            var field = $"autoScaling.targetTrackingPolicies[{i}]";
            var resource = policy.PredefinedMetricType switch
            {
                CpuMetric => ResourcePlanner.Cpu,
                MemoryMetric => ResourcePlanner.Memory,
                _ => null,
            };
            if (resource is null || policy.TargetValue is null)
            {
                var what = policy.CustomizedMetricSpecification is not null ? "custom CloudWatch metrics" : policy.PredefinedMetricType ?? "a policy without a metric";
                notes.Service(field, NoteReasons.NotSupported, $"{what} cannot be measured by the HPA without a metrics adapter; the policy is ignored");
                continue;
            }

            if (metrics.Any(m => m.Resource!.Name == resource))
            {
                notes.Service(field, NoteReasons.Invalid, $"a second {resource} policy is ignored; the first one's target is used");
                continue;
            }

            var target = (int)Math.Round(policy.TargetValue.Value, MidpointRounding.AwayFromZero);
            if (target != policy.TargetValue.Value)
            {
                notes.Service(field + ".targetValue", NoteReasons.Adjusted, $"utilization targets are whole percentages; {target} is used");
            }

            metricFields.Add(field);
            metrics.Add(new MetricSpec
            {
                Type = "Resource",
                Resource = new ResourceMetricSource { Name = resource, Target = new MetricTarget { Type = "Utilization", AverageUtilization = Math.Max(1, target) } },
            });

            // The HPA has one behavior for all metrics: scale out as eagerly as the most eager policy and in as
            // cautiously as the most cautious one; one policy that never scales in stops scale-in (as in ECS, where
            // all policies must agree to scale in).
            if (policy.ScaleOutCooldown is { } scaleOut)
            {
                scaleUpWindow = Math.Min(scaleUpWindow ?? int.MaxValue, Window(scaleOut, field + ".scaleOutCooldown", notes));
            }

            if (policy.ScaleInCooldown is { } scaleIn)
            {
                scaleDownWindow = Math.Max(scaleDownWindow ?? 0, Window(scaleIn, field + ".scaleInCooldown", notes));
            }

            disableScaleIn |= policy.DisableScaleIn == true;
        }

        if (metrics.Count == 0)
        {
            notes.Service("autoScaling", NoteReasons.NotSupported, "no CPU or memory target tracking policy; no HorizontalPodAutoscaler is made and desiredCount is used");
            return null;
        }

        ReportMissingRequests(context, template, metrics, metricFields);
        var (minReplicas, maxReplicas) = Bounds(scaling.MinCapacity, scaling.MaxCapacity, notes);
        var scaleUp = scaleUpWindow is null ? null : new HpaScalingRules { StabilizationWindowSeconds = scaleUpWindow };
        var scaleDown = scaleDownWindow is null && !disableScaleIn
            ? null
            : new HpaScalingRules { StabilizationWindowSeconds = scaleDownWindow, SelectPolicy = disableScaleIn ? "Disabled" : null };

        return new HorizontalPodAutoscaler
        {
            ApiVersion = context.Options.HpaApiVersion,
            Metadata = context.ChildMetadata(),
            Spec = new HorizontalPodAutoscalerSpec
            {
                ScaleTargetRef = new CrossVersionObjectReference { ApiVersion = Deployment.ApiVersionValue, Kind = Deployment.KindValue, Name = context.Name },
                MinReplicas = minReplicas,
                MaxReplicas = maxReplicas,
                Metrics = metrics,
                Behavior = scaleUp is null && scaleDown is null ? null : new HorizontalPodAutoscalerBehavior { ScaleUp = scaleUp, ScaleDown = scaleDown },
            },
        };
    }

    private static int Window(int cooldown, string field, BuildNotes notes)
    {
        if (cooldown > MaxStabilizationWindowSeconds)
        {
            notes.Service(field, NoteReasons.Adjusted, $"stabilization windows are at most {MaxStabilizationWindowSeconds} s; {MaxStabilizationWindowSeconds} is used");
            return MaxStabilizationWindowSeconds;
        }

        return Math.Max(0, cooldown);
    }

    private static (int Min, int Max) Bounds(int? minCapacity, int? maxCapacity, BuildNotes notes)
    {
        var min = minCapacity ?? 1;
        if (min < 1)
        {
            notes.Service("autoScaling.minCapacity", NoteReasons.Adjusted, "the HPA cannot scale to zero; minReplicas 1 is used");
            min = 1;
        }

        var max = maxCapacity ?? min;
        if (max < min)
        {
            notes.Service("autoScaling.maxCapacity", NoteReasons.Adjusted, $"maxCapacity is below the minimum; maxReplicas {min} is used");
            max = min;
        }

        return (min, max);
    }

    /// <summary>Utilization is measured against requests: a container without a request for a targeted resource
    /// makes the HPA unable to compute it.</summary>
    private static void ReportMissingRequests(BuildContext context, PodTemplateSpec template, List<MetricSpec> metrics, List<string> fields)
    {
        var podSpec = template.Spec!;
        var running = podSpec.Containers.Concat((podSpec.InitContainers ?? []).Where(c => c.RestartPolicy == "Always")).ToList();
        for (var i = 0; i < metrics.Count; i++)
        {
            var resource = metrics[i].Resource!.Name;
            var missing = running.Where(c => c.Resources?.Requests?.ContainsKey(resource) != true).Select(c => c.Name).ToList();
            if (missing.Count > 0)
            {
                context.Notes.Service(fields[i], NoteReasons.Invalid,
                    $"the HPA cannot compute {resource} utilization because these containers reserve no {resource}: {string.Join(", ", missing)}; set {resource} on every container");
            }
        }
    }
}
