using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging;

namespace EcsBridge.Kubernetes.Config;

/// <summary>Puts the configured identity on each request: a static or file-backed bearer token, basic auth, or an
/// exec plugin's token. Client certificates go on the TLS connection instead (see <see cref="ClientCertificate"/>).</summary>
internal sealed class KubeCredentials : IDisposable
{
    private readonly KubeClientSettings _settings;
    private readonly TimeProvider _time;
    private readonly ExecCredentialProvider? _exec;
    private readonly object _tokenFileLock = new();
    private string? _fileToken;
    private DateTimeOffset _fileTokenReadAt;

    public KubeCredentials(KubeClientSettings settings, TimeProvider time, ILogger logger)
    {
        _settings = settings;
        _time = time;
        if (settings.ClientCertificatePem is { } certificate && settings.ClientKeyPem is { } key)
        {
            StaticClientCertificate = LoadCertificate(certificate, key);
        }
        if (settings.Exec is { } exec)
        {
            _exec = new ExecCredentialProvider(exec, settings, time, logger);
        }
    }

    public X509Certificate2? StaticClientCertificate { get; }

    public bool UsesExecPlugin => _exec is not null;

    /// <summary>The certificate to present during a TLS handshake: the exec plugin's, else the static one.</summary>
    public X509Certificate2? ClientCertificate => _exec?.Current?.ClientCertificate ?? StaticClientCertificate;

    /// <summary>True when a 401 may be cured by fetching the credential again.</summary>
    public bool CanRefresh => _exec is not null || (_settings.Token is null && _settings.TokenFile is not null);

    /// <summary>Makes sure an exec credential exists before a connection is opened (the TLS callback cannot wait).</summary>
    public async ValueTask PrepareAsync(CancellationToken cancellationToken)
    {
        if (_exec is not null)
        {
            await _exec.GetAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string? token = _settings.Token;
        if (_exec is not null)
        {
            token = (await _exec.GetAsync(cancellationToken).ConfigureAwait(false)).Token ?? token;
        }
        else if (token is null && _settings.TokenFile is not null)
        {
            token = ReadTokenFile();
        }
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        else if (_settings.Username is { } user)
        {
            var pair = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{_settings.Password}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", pair);
        }
    }

    /// <summary>Called on 401: the next request re-runs the plugin or re-reads the token file.</summary>
    public void Invalidate()
    {
        _exec?.Invalidate();
        lock (_tokenFileLock)
        {
            _fileToken = null;
        }
    }

    private string ReadTokenFile()
    {
        lock (_tokenFileLock)
        {
            var now = _time.GetUtcNow();
            if (_fileToken is null || now - _fileTokenReadAt >= _settings.TokenFileRefreshInterval)
            {
                try
                {
                    _fileToken = File.ReadAllText(_settings.TokenFile!).Trim();
                    _fileTokenReadAt = now;
                }
                catch (Exception ex) when ((ex is IOException or UnauthorizedAccessException) && _fileToken is not null)
                {
                    // Keep the last good token while the file is being swapped; the next read will try again.
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new KubeConfigException($"token file {_settings.TokenFile} cannot be read: {ex.Message}", ex);
                }
            }
            return _fileToken;
        }
    }

    private static X509Certificate2 LoadCertificate(string certificatePem, string keyPem)
    {
        try
        {
            var certificate = X509Certificate2.CreateFromPem(certificatePem, keyPem);
            if (OperatingSystem.IsWindows())
            {
                // SChannel cannot use an ephemeral key for client authentication; a PKCS#12 round trip persists it.
                using (certificate)
                {
                    return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
                }
            }
            return certificate;
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            throw new KubeConfigException($"client certificate or key is not valid PEM: {ex.Message}", ex);
        }
    }

    public void Dispose()
    {
        _exec?.Dispose();
        StaticClientCertificate?.Dispose();
    }
}
