using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Services;

[Description("The value a test traffic header must have.")]
public sealed record ServiceConnectTestTrafficHeaderValue
{
    [Description("The exact value.")]
    public required string Exact { get; init; }
}
