using System.Text.Json.Nodes;

namespace EcsBridge.Core.Ecs;

/// <summary>Application Auto Scaling input (`describe-scalable-targets`, `describe-scaling-policies`; PascalCase as
/// that API writes it) gathered per service and turned into the EcsService `autoScaling` block.</summary>
internal sealed class AutoScalingInput
{
    private const string Dimension = "ecs:service:DesiredCount";

    private readonly Dictionary<string, Entry> _byService = new(StringComparer.Ordinal);

    private sealed class Entry
    {
        public JsonObject? Target { get; set; }

        public string Origin { get; set; } = "";

        public List<(JsonObject Policy, string Origin)> Policies { get; } = [];

        public bool Used { get; set; }
    }

    public static AutoScalingInput Collect(IReadOnlyList<EcsInputItem> items, ICollection<Diagnostic> diagnostics, ICollection<string> errors)
    {
        var input = new AutoScalingInput();
        foreach (var item in items.Where(i => i.Shape is EcsInputShape.ScalableTarget or EcsInputShape.ScalingPolicy))
        {
            var body = item.Body;
            var ns = Get(body, "ServiceNamespace");
            var dimension = Get(body, "ScalableDimension");
            var service = ServiceOf(Get(body, "ResourceId"));
            if (ns is not null && ns != "ecs" || dimension is not null && dimension != Dimension || service is null)
            {
                diagnostics.Add(Diagnostic.Warning(item.Origin, $"not an ECS service's desired count ({Get(body, "ResourceId") ?? "no ResourceId"}); ignored"));
                continue;
            }
            if (!input._byService.TryGetValue(service, out var entry))
            {
                entry = new Entry();
                input._byService[service] = entry;
            }
            if (item.Shape == EcsInputShape.ScalableTarget)
            {
                entry.Target = body;
                entry.Origin = item.Origin;
                continue;
            }
            var type = Get(body, "PolicyType");
            if (type != "TargetTrackingScaling")
            {
                diagnostics.Add(Diagnostic.Warning(item.Origin, $"policy type {type ?? "(none)"}: only target tracking maps to a HorizontalPodAutoscaler; ignored"));
                continue;
            }
            if (Find(body, "TargetTrackingScalingPolicyConfiguration") is not JsonObject configuration)
            {
                errors.Add($"{item.Origin}: TargetTrackingScalingPolicyConfiguration: required, but missing");
                continue;
            }
            entry.Policies.Add((ToPolicy(Get(body, "PolicyName"), configuration), item.Origin));
        }
        return input;
    }

    /// <summary>The autoScaling block for the service with this (Kubernetes) name, if the input has a scalable target for it.</summary>
    public bool Take(string serviceName, out JsonObject? autoScaling, out string origin)
    {
        autoScaling = null;
        origin = "";
        if (!_byService.TryGetValue(serviceName, out var entry) || entry.Target is null)
        {
            return false;
        }
        entry.Used = true;
        origin = entry.Origin;
        autoScaling = new JsonObject
        {
            ["minCapacity"] = Find(entry.Target, "MinCapacity")?.DeepClone(),
            ["maxCapacity"] = Find(entry.Target, "MaxCapacity")?.DeepClone(),
        };
        if (entry.Policies.Count > 0)
        {
            autoScaling["targetTrackingPolicies"] = new JsonArray([.. entry.Policies.Select(p => (JsonNode)p.Policy.DeepClone())]);
        }
        return true;
    }

    public void ReportUnused(ICollection<Diagnostic> diagnostics)
    {
        foreach (var (service, entry) in _byService)
        {
            if (entry.Used)
            {
                continue;
            }
            if (entry.Target is null)
            {
                foreach (var (_, origin) in entry.Policies)
                {
                    diagnostics.Add(Diagnostic.Warning(origin, $"no scalable target for service '{service}' in the input (min and max capacity are needed); ignored"));
                }
            }
            else
            {
                diagnostics.Add(Diagnostic.Warning(entry.Origin, $"no service '{service}' in the input; ignored"));
            }
        }
    }

    private static JsonObject ToPolicy(string? name, JsonObject configuration)
    {
        var predefined = Find(configuration, "PredefinedMetricSpecification") as JsonObject;
        return new JsonObject
        {
            ["policyName"] = name,
            ["predefinedMetricType"] = predefined is null ? null : Get(predefined, "PredefinedMetricType"),
            ["resourceLabel"] = predefined is null ? null : Get(predefined, "ResourceLabel"),
            ["customizedMetricSpecification"] = Find(configuration, "CustomizedMetricSpecification")?.DeepClone(),
            ["targetValue"] = Find(configuration, "TargetValue")?.DeepClone(),
            ["scaleInCooldown"] = Find(configuration, "ScaleInCooldown")?.DeepClone(),
            ["scaleOutCooldown"] = Find(configuration, "ScaleOutCooldown")?.DeepClone(),
            ["disableScaleIn"] = Find(configuration, "DisableScaleIn")?.DeepClone(),
        };
    }

    /// <summary>"service/&lt;cluster&gt;/&lt;service&gt;" → the service's Kubernetes name.</summary>
    private static string? ServiceOf(string? resourceId)
    {
        var parts = resourceId?.Split('/');
        return parts is { Length: 3 } && parts[0] == "service" ? EcsNames.ToServiceName(parts[2]) : null;
    }

    /// <summary>Application Auto Scaling spells keys in PascalCase; accept any case.</summary>
    private static JsonNode? Find(JsonObject obj, string key) =>
        obj.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase)).Value;

    private static string? Get(JsonObject obj, string key) => EcsInputClassifier.Text(Find(obj, key));
}
