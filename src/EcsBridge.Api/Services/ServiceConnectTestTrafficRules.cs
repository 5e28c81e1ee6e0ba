using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Services;

[Description("Which requests reach the new revision during a blue/green test. Reported.")]
public sealed record ServiceConnectTestTrafficRules
{
    [Description("The header that marks test traffic.")]
    public required ServiceConnectTestTrafficHeader Header { get; init; }
}
