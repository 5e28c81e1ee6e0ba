using System.Text.Json.Serialization;
using EcsBridge.Api.Json;
using EcsBridge.Api.Schema;

namespace EcsBridge.Api.TaskDefinitions;

[Description("A resource limit. Reported: Kubernetes has no per-container ulimits.")]
public sealed record Ulimit
{
    [Description("The limit's name.")]
    [Enum("core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack")]
    public required string Name { get; init; }

    [Description("The soft limit.")]
    [JsonConverter(typeof(LenientInt32Converter))]
    public required int? SoftLimit { get; init; }

    [Description("The hard limit.")]
    [JsonConverter(typeof(LenientInt32Converter))]
    public required int? HardLimit { get; init; }
}
