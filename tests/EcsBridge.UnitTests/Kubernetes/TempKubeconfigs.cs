using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace EcsBridge.UnitTests.Kubernetes;

/// <summary>A temporary folder of kubeconfig files and PEM material for one test.</summary>
internal sealed class TempKubeconfigs : IDisposable
{
    public TempKubeconfigs()
    {
        Directory.CreateDirectory(Root);
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "ecsbridge-kc-" + Guid.NewGuid().ToString("N")[..10]);

    public string Write(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>A self-signed certificate and its private key as PEM (RSA or EC).</summary>
    public static (string CertPem, string KeyPem) SelfSigned(bool ec = false)
    {
        if (ec)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=test-ec", key, HashAlgorithmName.SHA256);
            using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
            return (cert.ExportCertificatePem(), key.ExportECPrivateKeyPem());
        }
        using var rsa = RSA.Create(2048);
        var rsaRequest = new CertificateRequest("CN=test-rsa", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var rsaCert = rsaRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
        return (rsaCert.ExportCertificatePem(), rsa.ExportRSAPrivateKeyPem());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
