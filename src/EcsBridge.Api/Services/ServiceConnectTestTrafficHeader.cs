using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Services;

[Description("A header rule of Service Connect test traffic.")]
public sealed record ServiceConnectTestTrafficHeader
{
    [Description("The header name.")]
    public required string Name { get; init; }

    [Description("The value to match.")]
    public ServiceConnectTestTrafficHeaderValue? Value { get; init; }
}
