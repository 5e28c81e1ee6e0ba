using System.Globalization;
using EcsBridge.Api;
using EcsBridge.Core.Ecs;
using EcsBridge.Core.Validation;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Build;

/// <summary>Container resources from ECS reservations. Container cpu is a relative share, so it becomes a request and
/// never a limit; container memory is a hard limit. Task-level cpu/memory are hard caps for the whole task: without
/// pod-level resources (absent before Kubernetes 1.34) they are split evenly over the essential containers, as
/// requests and limits, but only when no container reserves that resource itself.</summary>
internal static class ResourcePlanner
{
    public const string Cpu = "cpu";
    public const string Memory = "memory";
    public const string EphemeralStorage = "ephemeral-storage";
    public const string NvidiaGpu = "nvidia.com/gpu";

    public static IReadOnlyDictionary<int, ResourceRequirements> Plan(
        EcsTaskDefinitionSpec spec, IReadOnlyList<PlannedContainer> containers, BuildNotes notes)
    {
        var requests = containers.ToDictionary(c => c.Index, _ => new SortedDictionary<string, string>(StringComparer.Ordinal));
        var limits = containers.ToDictionary(c => c.Index, _ => new SortedDictionary<string, string>(StringComparer.Ordinal));

        // Classic init containers run before the others, so they take no share of the task budget.
        var running = containers.Where(c => c.Role != ContainerRole.Init).OrderBy(c => c.Index).ToList();
        var essential = running.Where(c => c.Essential).ToList();

        foreach (var container in containers)
        {
            var definition = container.Definition;
            if (definition.Cpu is > 0)
            {
                requests[container.Index][Cpu] = Units.MillicoresQuantity(Units.CpuUnitsToMillicores(definition.Cpu.Value));
            }

            if (definition.Memory is > 0)
            {
                limits[container.Index][Memory] = Units.MebibytesQuantity(definition.Memory.Value);
            }

            var reservation = definition.MemoryReservation is > 0 ? definition.MemoryReservation : definition.Memory;
            if (reservation is > 0)
            {
                requests[container.Index][Memory] = Units.MebibytesQuantity(reservation.Value);
            }

            AddAccelerators(container, limits[container.Index], notes);
        }

        if (!string.IsNullOrWhiteSpace(spec.Cpu))
        {
            if (!EcsUnits.TryParseTaskCpu(spec.Cpu, out var taskUnits))
            {
                notes.TaskDefinition("cpu", NoteReasons.Invalid, $"\"{spec.Cpu}\" is not a number of CPU units or vCPUs; ignored");
            }
            else if (running.Any(c => c.Definition.Cpu is > 0))
            {
                notes.TaskDefinition("cpu", NoteReasons.Approximated, "the task cpu is not enforced as a pod-wide cap; the containers' own cpu reservations are used");
            }
            else if (essential.Count > 0 && taskUnits > 0)
            {
                var shares = Split(Units.CpuUnitsToMillicores(taskUnits), essential.Count);
                for (var i = 0; i < essential.Count; i++)
                {
                    var quantity = Units.MillicoresQuantity(shares[i]);
                    requests[essential[i].Index][Cpu] = quantity;
                    limits[essential[i].Index][Cpu] = quantity;
                }

                ReportSplit(notes, "cpu", $"{taskUnits} CPU units", essential, shares.Select(Units.MillicoresQuantity).ToList(), running.Count);
            }
        }

        if (!string.IsNullOrWhiteSpace(spec.Memory))
        {
            if (!EcsUnits.TryParseTaskMemory(spec.Memory, out var taskMebibytes))
            {
                notes.TaskDefinition("memory", NoteReasons.Invalid, $"\"{spec.Memory}\" is not a number of MiB or GB; ignored");
            }
            else if (running.Any(c => c.Definition.Memory is > 0 || c.Definition.MemoryReservation is > 0))
            {
                notes.TaskDefinition("memory", NoteReasons.Approximated, "the task memory is not enforced as a pod-wide cap; the containers' own memory settings are used");
            }
            else if (essential.Count > 0 && taskMebibytes > 0)
            {
                var shares = Split(taskMebibytes, essential.Count);
                for (var i = 0; i < essential.Count; i++)
                {
                    var quantity = Units.MebibytesQuantity(shares[i]);
                    requests[essential[i].Index][Memory] = quantity;
                    limits[essential[i].Index][Memory] = quantity;
                }

                ReportSplit(notes, "memory", $"{taskMebibytes} MiB", essential, shares.Select(Units.MebibytesQuantity).ToList(), running.Count);
            }
        }

        if (spec.EphemeralStorage?.SizeInGiB is > 0 && running.Count > 0)
        {
            var shares = Split(spec.EphemeralStorage.SizeInGiB.Value * (long)Units.MebibytesPerGibibyte, running.Count);
            for (var i = 0; i < running.Count; i++)
            {
                requests[running[i].Index][EphemeralStorage] = Units.MebibytesQuantity(shares[i]);
            }
        }

        return containers.ToDictionary(
            c => c.Index,
            c => new ResourceRequirements { Requests = Canonical.Map(requests[c.Index]), Limits = Canonical.Map(limits[c.Index]) });
    }

    /// <summary>Task-level cpu/memory is one budget the containers share in ECS; split into per-container requests and
    /// limits, a container can no longer use what another leaves idle, and non-essential containers get no limit.</summary>
    private static void ReportSplit(BuildNotes notes, string field, string total, List<PlannedContainer> essential, List<string> shares, int runningCount)
    {
        // One running container holding the whole budget is exact.
        if (essential.Count == 1 && runningCount == 1)
        {
            return;
        }

        var parts = string.Join(", ", essential.Select((c, i) => $"\"{c.Definition.Name}\" {shares[i]}"));
        var idle = essential.Count > 1 ? ", so one container cannot use what another leaves idle" : "";
        var unlimited = runningCount > essential.Count ? "; the non-essential containers get no limit" : "";
        notes.TaskDefinition(field, NoteReasons.Approximated,
            $"there is no pod-wide limit before Kubernetes 1.34: the task's {total} become per-container requests and limits of the essential containers ({parts}){idle}{unlimited}");
    }

    /// <summary>Splits a whole amount into <paramref name="parts"/> shares that differ by at most one; the earlier
    /// containers take the remainder so the shares add up to the total.</summary>
    public static long[] Split(long total, int parts)
    {
        var shares = new long[parts];
        for (var i = 0; i < parts; i++)
        {
            shares[i] = (total / parts) + (i < total % parts ? 1 : 0);
        }

        return shares;
    }

    private static void AddAccelerators(PlannedContainer container, SortedDictionary<string, string> limits, BuildNotes notes)
    {
        var requirements = container.Definition.ResourceRequirements ?? [];
        for (var i = 0; i < requirements.Count; i++)
        {
            var requirement = requirements[i];
            var field = $"{container.Path}.resourceRequirements[{i}]";
            if (!string.Equals(requirement.Type, "GPU", StringComparison.OrdinalIgnoreCase))
            {
                notes.TaskDefinition(field, NoteReasons.NotSupported, $"resource type {requirement.Type} has no Kubernetes equivalent");
            }
            else if (long.TryParse(requirement.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0)
            {
                limits[NvidiaGpu] = Units.DecimalQuantity(count);
            }
            else
            {
                notes.TaskDefinition(field, NoteReasons.Invalid, $"GPU count \"{requirement.Value}\" is not a positive whole number; ignored");
            }
        }
    }
}
