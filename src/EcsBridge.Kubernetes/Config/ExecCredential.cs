using System.Security.Cryptography.X509Certificates;

namespace EcsBridge.Kubernetes.Config;

/// <summary>What an exec plugin answered: a bearer token and/or a client certificate, valid until
/// <see cref="Expiration"/> (or until the server rejects it, when no expiry is given).</summary>
internal sealed record ExecCredential
{
    public string? Token { get; init; }

    public X509Certificate2? ClientCertificate { get; init; }

    public DateTimeOffset? Expiration { get; init; }
}
