using System.Text.Json.Serialization;
using EcsBridge.Api.Json;
using EcsBridge.Api.Schema;

namespace EcsBridge.Api.TaskDefinitions;

[Description("ECS's per-container restart policy. Reported.")]
public sealed record ContainerRestartPolicy
{
    [Description("Whether ECS restarts the container in place.")]
    public required bool Enabled { get; init; }

    [Description("Exit codes that do not cause a restart.")]
    [Items(0, 50)]
    public IReadOnlyList<int>? IgnoredExitCodes { get; init; }

    [Description("Seconds a container must run before a restart is allowed (60-1800).")]
    [Minimum(60)]
    [Maximum(1800)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? RestartAttemptPeriod { get; init; }
}
