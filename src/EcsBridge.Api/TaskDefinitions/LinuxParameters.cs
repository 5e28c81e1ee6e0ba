using System.Text.Json.Serialization;
using EcsBridge.Api.Json;
using EcsBridge.Api.Schema;

namespace EcsBridge.Api.TaskDefinitions;

[Description("Linux-specific container settings.")]
public sealed record LinuxParameters
{
    [Description("Linux capabilities to add or drop (names without CAP_).")]
    public KernelCapabilities? Capabilities { get; init; }

    [Description("Run an init process as PID 1 (docker --init). Reported.")]
    public bool? InitProcessEnabled { get; init; }

    [Description("Size of /dev/shm in MiB; becomes a memory-backed emptyDir.")]
    [Minimum(0)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? SharedMemorySize { get; init; }

    [Description("tmpfs mounts; each becomes a memory-backed emptyDir.")]
    public IReadOnlyList<Tmpfs>? Tmpfs { get; init; }

    [Description("Host devices. Reported.")]
    public IReadOnlyList<Device>? Devices { get; init; }

    [Description("Swap in MiB. Reported.")]
    [Minimum(0)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? MaxSwap { get; init; }

    [Description("Swappiness 0-100. Reported.")]
    [Minimum(0)]
    [Maximum(100)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? Swappiness { get; init; }
}
