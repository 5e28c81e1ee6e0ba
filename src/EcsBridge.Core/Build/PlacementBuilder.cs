using System.Text.RegularExpressions;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Build;

/// <summary>runtimePlatform, placement constraints and placement strategies → nodeSelector, pod anti-affinity and
/// topology spread constraints.</summary>
internal static partial class PlacementBuilder
{
    public const string ZoneKey = "topology.kubernetes.io/zone";
    public const string HostnameKey = "kubernetes.io/hostname";
    public const string OsKey = "kubernetes.io/os";
    public const string ArchKey = "kubernetes.io/arch";
    public const string InstanceTypeKey = "node.kubernetes.io/instance-type";

    public static Placement Build(BuildContext context)
    {
        var notes = context.Notes;
        var nodeSelector = new Dictionary<string, string>(StringComparer.Ordinal);
        var platform = context.TaskSpec.RuntimePlatform;
        if (platform?.OperatingSystemFamily is { } os)
        {
            AddNodeLabel(nodeSelector, OsKey, os.StartsWith("WINDOWS", StringComparison.OrdinalIgnoreCase) ? "windows" : os.ToLowerInvariant(), "runtimePlatform.operatingSystemFamily", notes.TaskDefinition);
        }

        if (platform?.CpuArchitecture is { } arch)
        {
            AddNodeLabel(nodeSelector, ArchKey, Architecture(arch), "runtimePlatform.cpuArchitecture", notes.TaskDefinition);
        }

        var taskConstraints = context.TaskSpec.PlacementConstraints ?? [];
        for (var i = 0; i < taskConstraints.Count; i++)
        {
            MemberOf(taskConstraints[i].Type, taskConstraints[i].Expression, $"placementConstraints[{i}]", nodeSelector, notes.TaskDefinition);
        }

        var distinctInstance = false;
        var serviceConstraints = context.ServiceSpec.PlacementConstraints ?? [];
        for (var i = 0; i < serviceConstraints.Count; i++)
        {
            var constraint = serviceConstraints[i];
            if (string.Equals(constraint.Type, "distinctInstance", StringComparison.OrdinalIgnoreCase))
            {
                distinctInstance = true;
                continue;
            }

            MemberOf(constraint.Type, constraint.Expression, $"placementConstraints[{i}]", nodeSelector, notes.Service);
        }

        var selector = new LabelSelector { MatchLabels = context.SelectorLabels };
        var spreads = new List<TopologySpreadConstraint>();
        var strategies = context.ServiceSpec.PlacementStrategy ?? [];
        for (var i = 0; i < strategies.Count; i++)
        {
            var strategy = strategies[i];
            var field = $"placementStrategy[{i}]";
            if (context.IsDaemon)
            {
                notes.Service(field, NoteReasons.NotSupported, "a DAEMON service runs one task per node; placement strategies do not apply");
                continue;
            }

            if (!string.Equals(strategy.Type, "spread", StringComparison.OrdinalIgnoreCase))
            {
                notes.Service(field, NoteReasons.NotSupported, $"{strategy.Type} placement is a scheduler profile in Kubernetes, not a per-workload setting");
                continue;
            }

            var key = strategy.Field?.ToLowerInvariant() switch
            {
                "attribute:ecs.availability-zone" => ZoneKey,
                "instanceid" or "host" => HostnameKey,
                _ => null,
            };
            if (key is null)
            {
                notes.Service(field, NoteReasons.NotSupported, $"spreading by \"{strategy.Field}\" has no node label equivalent");
                continue;
            }

            if (spreads.All(s => s.TopologyKey != key))
            {
                // ECS spreads on a best-effort basis, so the constraint must never block scheduling.
                spreads.Add(new TopologySpreadConstraint { MaxSkew = 1, TopologyKey = key, WhenUnsatisfiable = "ScheduleAnyway", LabelSelector = selector });
            }
        }

        Affinity? affinity = null;
        if (distinctInstance && !context.IsDaemon)
        {
            affinity = new Affinity
            {
                PodAntiAffinity = new PodAntiAffinity
                {
                    RequiredDuringSchedulingIgnoredDuringExecution = [new PodAffinityTerm { LabelSelector = selector, TopologyKey = HostnameKey }],
                },
            };
        }

        return new Placement(Canonical.Map(nodeSelector), affinity, Canonical.List(spreads));
    }

    private static string Architecture(string ecsArchitecture) => ecsArchitecture.ToUpperInvariant() switch
    {
        "X86_64" => "amd64",
        "ARM64" => "arm64",
        _ => ecsArchitecture.ToLowerInvariant(),
    };

    private static void MemberOf(
        string? type, string? expression, string field, Dictionary<string, string> nodeSelector,
        Action<string, string, string> report)
    {
        if (!string.Equals(type, "memberOf", StringComparison.OrdinalIgnoreCase))
        {
            report(field, NoteReasons.NotSupported, $"placement constraint type \"{type}\" is not translated");
            return;
        }

        var match = expression is null ? Match.Empty : SimpleEquality().Match(expression);
        var attribute = match.Success ? match.Groups["attribute"].Value.ToLowerInvariant() : null;
        var value = match.Success ? match.Groups["value"].Value : null;
        (string Key, string Value)? label = attribute switch
        {
            "ecs.availability-zone" => (ZoneKey, value!),
            "ecs.instance-type" => (InstanceTypeKey, value!),
            "ecs.cpu-architecture" => (ArchKey, Architecture(value!)),
            "ecs.os-type" => (OsKey, value!.ToLowerInvariant()),
            _ => null,
        };
        if (label is null)
        {
            report(field, NoteReasons.NotSupported, $"only \"attribute:ecs.<availability-zone|instance-type|cpu-architecture|os-type> == value\" maps to a node label; \"{expression}\" is ignored");
            return;
        }

        AddNodeLabel(nodeSelector, label.Value.Key, label.Value.Value, field, report);
    }

    private static void AddNodeLabel(
        Dictionary<string, string> nodeSelector, string key, string value, string field,
        Action<string, string, string> report)
    {
        if (nodeSelector.TryGetValue(key, out var existing) && existing != value)
        {
            report(field, NoteReasons.Invalid, $"{key} is already required to be \"{existing}\"; \"{value}\" is ignored");
            return;
        }

        nodeSelector[key] = value;
    }

    [GeneratedRegex(@"^\s*attribute:(?<attribute>[A-Za-z0-9._-]+)\s*==\s*(?<value>[A-Za-z0-9._-]+)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex SimpleEquality();
}
