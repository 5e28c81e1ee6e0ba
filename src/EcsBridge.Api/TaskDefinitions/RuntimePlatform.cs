using EcsBridge.Api.Schema;

namespace EcsBridge.Api.TaskDefinitions;

[Description("The OS and CPU architecture the task needs; becomes a nodeSelector.")]
public sealed record RuntimePlatform
{
    [Description("LINUX or a WINDOWS_SERVER_... value; becomes kubernetes.io/os.")]
    [Pattern("^(LINUX|WINDOWS_SERVER_[A-Z0-9_]+)$")]
    public string? OperatingSystemFamily { get; init; }

    [Description("X86_64 or ARM64; becomes kubernetes.io/arch (amd64, arm64).")]
    [Enum("X86_64", "ARM64")]
    public string? CpuArchitecture { get; init; }
}
