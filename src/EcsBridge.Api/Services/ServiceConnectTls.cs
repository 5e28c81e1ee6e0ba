using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Services;

[Description("TLS of the Service Connect proxy. Reported.")]
public sealed record ServiceConnectTls
{
    [Description("The certificate authority that issues the proxy's certificates.")]
    public required ServiceConnectTlsCertificateAuthority IssuerCertificateAuthority { get; init; }

    [Description("The KMS key ARN.")]
    public string? KmsKey { get; init; }

    [Description("The IAM role ECS uses for TLS.")]
    public string? RoleArn { get; init; }
}
