using EcsBridge.Api.Schema;

namespace EcsBridge.Api.TaskDefinitions;

[Description("A host device exposed to the container. Reported.")]
public sealed record Device
{
    [Description("The path of the device on the host.")]
    public required string HostPath { get; init; }

    [Description("The path in the container.")]
    public string? ContainerPath { get; init; }

    [Description("read, write and/or mknod.")]
    [Enum("read", "write", "mknod")]
    public IReadOnlyList<string>? Permissions { get; init; }
}
