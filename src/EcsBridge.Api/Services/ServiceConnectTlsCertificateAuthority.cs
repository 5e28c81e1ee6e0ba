using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Services;

[Description("An AWS Private CA.")]
public sealed record ServiceConnectTlsCertificateAuthority
{
    [Description("The AWS Private CA ARN.")]
    public string? AwsPcaAuthorityArn { get; init; }
}
