using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EcsBridge.ControlPlane;

/// <summary>A throw-away certificate authority for one local control plane.</summary>
internal sealed class Pki : IDisposable
{
    private readonly RSA _caKey;
    private readonly TimeProvider _time;

    public X509Certificate2 CaCertificate { get; }

    private Pki(RSA caKey, X509Certificate2 caCertificate, TimeProvider time)
    {
        _caKey = caKey;
        CaCertificate = caCertificate;
        _time = time;
    }

    public static Pki Create(TimeProvider time)
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=ecsbridge-local-ca", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = time.GetUtcNow();
        var ca = request.CreateSelfSigned(now.AddHours(-1), now.AddYears(1));
        return new Pki(key, ca, time);
    }

    public string CaPem => CaCertificate.ExportCertificatePem();

    /// <summary>A serving certificate for the loopback address, <paramref name="addresses"/> (the API's Service IP and,
    /// with a node, the bridge address it listens on) and the in-cluster names of the API.</summary>
    public (string CertPem, string KeyPem) IssueServing(string commonName, IEnumerable<IPAddress> addresses)
    {
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        foreach (var address in addresses)
        {
            san.AddIpAddress(address);
        }
        foreach (var dns in new[] { "localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local" })
        {
            san.AddDnsName(dns);
        }
        return Issue("CN=" + commonName, san.Build(), serverAuth: true);
    }

    /// <summary>A client identity: Kubernetes reads the user from CN and the groups from O.</summary>
    public (string CertPem, string KeyPem) IssueClient(string user, IEnumerable<string> groups)
    {
        var subject = "CN=" + user + string.Concat(groups.Select(g => ", O=" + g));
        return Issue(subject, null, serverAuth: false);
    }

    private (string CertPem, string KeyPem) Issue(string subject, X509Extension? san, bool serverAuth)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        var usage = new OidCollection { new Oid(serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2") };
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usage, false));
        if (san is not null)
        {
            request.CertificateExtensions.Add(san);
        }
        var now = _time.GetUtcNow();
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var cert = request.Create(CaCertificate.SubjectName, X509SignatureGenerator.CreateForRSA(_caKey, RSASignaturePadding.Pkcs1),
            now.AddHours(-1), now.AddYears(1), serial);
        return (cert.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>The key pair kube-apiserver signs service-account tokens with.</summary>
    public static (string PublicPem, string PrivatePem) CreateServiceAccountKeyPair()
    {
        using var key = RSA.Create(2048);
        return (key.ExportSubjectPublicKeyInfoPem(), key.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose()
    {
        _caKey.Dispose();
        CaCertificate.Dispose();
    }
}
