using System.Text.Json.Serialization;
using EcsBridge.Api.Json;
using EcsBridge.Api.Schema;

namespace EcsBridge.Api.TaskDefinitions;

[Description("Task ephemeral storage; becomes ephemeral-storage requests split across the containers.")]
public sealed record EphemeralStorage
{
    [Description("The size in GiB (ECS allows 20-200).")]
    [Minimum(1)]
    [Maximum(200)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public required int? SizeInGiB { get; init; }
}
