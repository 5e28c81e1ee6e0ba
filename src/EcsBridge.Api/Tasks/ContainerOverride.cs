using System.Text.Json.Serialization;
using EcsBridge.Api.Json;
using EcsBridge.Api.Schema;
using EcsBridge.Api.TaskDefinitions;

namespace EcsBridge.Api.Tasks;

[Description("ECS ContainerOverride: changes to one container of the task definition for this run.")]
public sealed record ContainerOverride
{
    [Description("The ECS name of the container in the task definition.")]
    [Length(1, 255)]
    public required string Name { get; init; }

    [Description("Replaces the container's command (Docker CMD: the Kubernetes args).")]
    public IReadOnlyList<string>? Command { get; init; }

    [Description("Variables added to the container's environment; a name it already has takes the new value.")]
    public IReadOnlyList<EnvironmentVariable>? Environment { get; init; }

    [Description("Replaces the container's cpu units.")]
    [Minimum(0)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? Cpu { get; init; }

    [Description("Replaces the container's hard memory limit (MiB).")]
    [Minimum(0)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? Memory { get; init; }

    [Description("Replaces the container's soft memory limit (MiB).")]
    [Minimum(0)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? MemoryReservation { get; init; }
}
