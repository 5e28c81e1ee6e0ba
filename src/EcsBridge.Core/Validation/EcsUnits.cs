using System.Globalization;
using EcsBridge.Core.Ecs;

namespace EcsBridge.Core.Validation;

/// <summary>Parses ECS task-level size strings into CPU units and MiB, and knows Fargate's valid pairs.
/// Pure functions.</summary>
public static class EcsUnits
{
    /// <summary>Task cpu: "256" (CPU units) or "1 vCPU", ".25 vcpu", "2vCPU" (case-insensitive; the space is
    /// optional). Fractional results are rounded to the nearest unit. False for anything else, zero or negative.</summary>
    public static bool TryParseTaskCpu(string? text, out int cpuUnits) =>
        TryParse(text, "vcpu", Units.CpuUnitsPerVcpu, out cpuUnits);

    /// <summary>Task memory: "512" (MiB) or "0.5GB", "2 GB" (case-insensitive; 1 GB = 1024 MiB). Fractional
    /// results are rounded to the nearest MiB. False for anything else, zero or negative.</summary>
    public static bool TryParseTaskMemory(string? text, out int mebibytes) =>
        TryParse(text, "gb", Units.MebibytesPerGigabyte, out mebibytes);

    /// <summary>Fargate's allowed task memory (MiB) for a task cpu (units), or empty when the cpu is not a Fargate size.</summary>
    public static IReadOnlyList<int> FargateMemoryOptions(int cpuUnits) => cpuUnits switch
    {
        256 => [512, 1024, 2048],
        512 => Steps(1024, 4096, 1024),
        1024 => Steps(2048, 8192, 1024),
        2048 => Steps(4096, 16384, 1024),
        4096 => Steps(8192, 30720, 1024),
        8192 => Steps(16384, 61440, 4096),
        16384 => Steps(32768, 122880, 8192),
        _ => [],
    };

    /// <summary>True when Fargate accepts the task cpu/memory pair.</summary>
    public static bool IsValidFargateSize(int cpuUnits, int mebibytes) => FargateMemoryOptions(cpuUnits).Contains(mebibytes);

    private static int[] Steps(int from, int to, int step) => [.. Enumerable.Range(0, ((to - from) / step) + 1).Select(i => from + (i * step))];

    private static bool TryParse(string? text, string unit, int unitSize, out int value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var trimmed = text.Trim();
        decimal amount;
        if (trimmed.EndsWith(unit, StringComparison.OrdinalIgnoreCase))
        {
            var number = trimmed[..^unit.Length].TrimEnd();
            if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount))
            {
                return false;
            }
            amount *= unitSize;
        }
        else if (!decimal.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out amount))
        {
            return false;
        }
        var rounded = decimal.Round(amount, MidpointRounding.AwayFromZero);
        if (rounded <= 0 || rounded > int.MaxValue)
        {
            return false;
        }
        value = (int)rounded;
        return true;
    }
}
