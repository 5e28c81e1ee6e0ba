using EcsBridge.Api.Schema;

namespace EcsBridge.Api.TaskDefinitions;

[Description("An /etc/hosts entry.")]
public sealed record HostEntry
{
    [Description("The host name.")]
    public required string Hostname { get; init; }

    [Description("The IP address.")]
    public required string IpAddress { get; init; }
}
