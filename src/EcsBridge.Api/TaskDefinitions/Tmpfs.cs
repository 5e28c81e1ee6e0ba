using System.Text.Json.Serialization;
using EcsBridge.Api.Json;
using EcsBridge.Api.Schema;

namespace EcsBridge.Api.TaskDefinitions;

[Description("A tmpfs mount.")]
public sealed record Tmpfs
{
    [Description("The absolute path in the container.")]
    public required string ContainerPath { get; init; }

    [Description("The size in MiB.")]
    [Minimum(0)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public required int? Size { get; init; }

    [Description("Mount options; ro makes the mount read-only, the rest are reported.")]
    public IReadOnlyList<string>? MountOptions { get; init; }
}
