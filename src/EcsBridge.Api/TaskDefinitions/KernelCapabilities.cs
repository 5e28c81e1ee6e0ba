using EcsBridge.Api.Schema;

namespace EcsBridge.Api.TaskDefinitions;

[Description("Linux capabilities (names such as NET_ADMIN, without CAP_).")]
public sealed record KernelCapabilities
{
    [Description("Capabilities to add.")]
    public IReadOnlyList<string>? Add { get; init; }

    [Description("Capabilities to drop.")]
    public IReadOnlyList<string>? Drop { get; init; }
}
