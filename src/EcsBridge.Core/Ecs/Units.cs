using System.Globalization;

namespace EcsBridge.Core.Ecs;

/// <summary>ECS resource units and their Kubernetes quantities. ECS counts CPU in units of 1/1024 vCPU and memory in
/// MiB; Kubernetes wants millicores and byte quantities. Every quantity is produced in the API server's canonical
/// spelling so that the applied body equals what the server stores.</summary>
internal static class Units
{
    public const int CpuUnitsPerVcpu = 1024;

    /// <summary>CPU units → millicores, rounded up so that a non-zero reservation never becomes 0m.</summary>
    public static long CpuUnitsToMillicores(long units)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(units);
        return ((units * 1000) + CpuUnitsPerVcpu - 1) / CpuUnitsPerVcpu;
    }

    /// <summary>Parses a task-level <c>cpu</c>: "256" (units) or "1 vCPU" / ".25 vcpu" (vCPUs, case-insensitive).</summary>
    public static bool TryParseTaskCpu(string? text, out long units)
    {
        units = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        if (TryStripSuffix(trimmed, "vcpu", out var vcpus))
        {
            return TryScale(vcpus, CpuUnitsPerVcpu, out units);
        }

        return long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out units);
    }

    /// <summary>Parses a task-level <c>memory</c>: "512" (MiB) or "0.5GB" / "2 GB" (ECS "GB" means 1024 MiB).</summary>
    public static bool TryParseTaskMemory(string? text, out long mebibytes)
    {
        mebibytes = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        if (TryStripSuffix(trimmed, "gb", out var gigabytes))
        {
            return TryScale(gigabytes, 1024, out mebibytes);
        }

        if (TryStripSuffix(trimmed, "mb", out var megabytes))
        {
            trimmed = megabytes;
        }

        return long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out mebibytes);
    }

    /// <summary>Millicores in canonical form: "250m", "1500m", "1", "2".</summary>
    public static string MillicoresQuantity(long millicores)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(millicores);
        return millicores % 1000 == 0 ? DecimalQuantity(millicores / 1000) : $"{millicores.ToString(CultureInfo.InvariantCulture)}m";
    }

    /// <summary>A whole count in canonical decimal form ("1", "8", "2k").</summary>
    public static string DecimalQuantity(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        string[] suffixes = ["", "k", "M", "G", "T", "P", "E"];
        var index = 0;
        while (value != 0 && value % 1000 == 0 && index < suffixes.Length - 1)
        {
            value /= 1000;
            index++;
        }

        return value.ToString(CultureInfo.InvariantCulture) + suffixes[index];
    }

    /// <summary>MiB in canonical binary form: the largest binary suffix that keeps the number whole ("512Mi",
    /// "1536Mi", "1Gi", "20Gi").</summary>
    public static string MebibytesQuantity(long mebibytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(mebibytes);
        if (mebibytes == 0)
        {
            return "0";
        }

        string[] suffixes = ["Mi", "Gi", "Ti", "Pi", "Ei"];
        var index = 0;
        while (mebibytes % 1024 == 0 && index < suffixes.Length - 1)
        {
            mebibytes /= 1024;
            index++;
        }

        return mebibytes.ToString(CultureInfo.InvariantCulture) + suffixes[index];
    }

    private static bool TryStripSuffix(string text, string suffix, out string number)
    {
        if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            number = text[..^suffix.Length].TrimEnd();
            return true;
        }

        number = text;
        return false;
    }

    // Decimal keeps ".25" × 1024 exact; fractional results are rejected rather than rounded silently.
    private static bool TryScale(string number, long factor, out long result)
    {
        result = 0;
        if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        var scaled = value * factor;
        if (scaled != decimal.Truncate(scaled) || scaled > long.MaxValue)
        {
            return false;
        }

        result = (long)scaled;
        return true;
    }
}
