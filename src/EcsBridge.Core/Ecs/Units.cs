using System.Globalization;

namespace EcsBridge.Core.Ecs;

/// <summary>ECS resource units and their Kubernetes quantities — the one home of the unit constants. ECS counts CPU in
/// units of 1/1024 vCPU and memory in MiB; Kubernetes wants millicores and byte quantities. Every quantity is
/// produced in the API server's canonical spelling so that the applied body equals what the server stores. Parsing
/// the task-level strings ("1 vCPU", "2 GB") is <see cref="EcsBridge.Core.Validation.EcsUnits"/>' job.</summary>
public static class Units
{
    /// <summary>1 vCPU = 1024 ECS CPU units.</summary>
    public const int CpuUnitsPerVcpu = 1024;

    /// <summary>1 core (1 vCPU) = 1000 Kubernetes millicores.</summary>
    public const int MillicoresPerCore = 1000;

    /// <summary>1 GB in ECS task memory = 1024 MiB (ECS's "GB" is binary).</summary>
    public const int MebibytesPerGigabyte = 1024;

    /// <summary>1 GiB = 1024 MiB (ephemeral storage is given in GiB).</summary>
    public const int MebibytesPerGibibyte = 1024;

    /// <summary>1 MiB = 1024 × 1024 bytes.</summary>
    public const int BytesPerMebibyte = 1024 * 1024;

    /// <summary>CPU units → millicores, rounded up so that a non-zero reservation never becomes 0m.</summary>
    public static long CpuUnitsToMillicores(long units)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(units);
        return ((units * MillicoresPerCore) + CpuUnitsPerVcpu - 1) / CpuUnitsPerVcpu;
    }

    /// <summary>Millicores in canonical form: "250m", "1500m", "1", "2".</summary>
    public static string MillicoresQuantity(long millicores)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(millicores);
        return millicores % MillicoresPerCore == 0 ? DecimalQuantity(millicores / MillicoresPerCore) : $"{millicores.ToString(CultureInfo.InvariantCulture)}m";
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
}
