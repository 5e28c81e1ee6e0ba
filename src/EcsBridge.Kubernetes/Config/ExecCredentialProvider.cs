using System.ComponentModel;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace EcsBridge.Kubernetes.Config;

/// <summary>Runs a kubeconfig exec plugin and caches its credential until it expires or the server says 401.</summary>
internal sealed partial class ExecCredentialProvider(ExecConfig config, KubeClientSettings cluster, TimeProvider time, ILogger logger)
    : IDisposable
{
    // Refresh a little before the plugin's own expiry so a request is not sent with a token about to lapse.
    private static readonly TimeSpan ExpirySkew = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private ExecCredential? _cached;

    /// <summary>The last credential obtained, without running the plugin (used by the TLS handshake).</summary>
    public ExecCredential? Current => Volatile.Read(ref _cached);

    public async ValueTask<ExecCredential> GetAsync(CancellationToken cancellationToken)
    {
        if (IsFresh(Current) is { } fresh)
        {
            return fresh;
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsFresh(Current) is { } again)
            {
                return again;
            }
            var credential = await RunAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _cached, credential);
            return credential;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets the cached credential, so the next request runs the plugin again.</summary>
    public void Invalidate() => Volatile.Write(ref _cached, null);

    private ExecCredential? IsFresh(ExecCredential? credential) =>
        credential is not null && (credential.Expiration is null || time.GetUtcNow() < credential.Expiration.Value - ExpirySkew)
            ? credential
            : null;

    private async Task<ExecCredential> RunAsync(CancellationToken cancellationToken)
    {
        var name = config.Command;
        if (config.InteractiveMode == "Always")
        {
            throw new KubeConfigException($"exec plugin \"{name}\" needs an interactive terminal (interactiveMode: Always), which ecsbridge does not have");
        }
        var command = name.Contains('/', StringComparison.Ordinal) && !Path.IsPathRooted(name) && config.BaseDirectory is not null
            ? Path.GetFullPath(Path.Combine(config.BaseDirectory, name))
            : name;
        var info = new ProcessStartInfo(command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in config.Args)
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in config.Env)
        {
            info.Environment[key] = value;
        }
        info.Environment["KUBERNETES_EXEC_INFO"] = ExecInfo();
        LogRunning(logger, name);

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new KubeConfigException($"exec plugin \"{name}\" could not be started");
        }
        catch (Win32Exception ex)
        {
            var hint = config.InstallHint is { Length: > 0 } installHint ? " " + installHint.Trim().ReplaceLineEndings(" ") : "";
            throw new KubeConfigException($"exec plugin \"{name}\" could not be started: {ex.Message}.{hint}", ex);
        }
        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(config.Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                throw new KubeConfigException($"exec plugin \"{name}\" did not finish within {config.Timeout.TotalSeconds:0} s");
            }
            var output = await stdout.ConfigureAwait(false);
            var errors = (await stderr.ConfigureAwait(false)).Trim();
            if (process.ExitCode != 0)
            {
                var detail = errors.Length > 0 ? ": " + Shorten(errors) : " (it printed nothing on stderr)";
                throw new KubeConfigException($"exec plugin \"{name}\" failed with exit code {process.ExitCode}{detail}");
            }
            return Parse(output);
        }
    }

    private ExecCredential Parse(string output)
    {
        var name = config.Command;
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(output);
        }
        catch (JsonException ex)
        {
            throw new KubeConfigException($"exec plugin \"{name}\" did not print an ExecCredential as JSON: {ex.Message}", ex);
        }
        var apiVersion = root?["apiVersion"]?.GetValue<string>();
        if (apiVersion != config.ApiVersion)
        {
            throw new KubeConfigException($"exec plugin \"{name}\" answered apiVersion \"{apiVersion}\", but the kubeconfig asked for \"{config.ApiVersion}\"");
        }
        var status = root?["status"] ?? throw new KubeConfigException($"exec plugin \"{name}\" printed an ExecCredential without status");
        var token = status["token"]?.GetValue<string>();
        var certificatePem = status["clientCertificateData"]?.GetValue<string>();
        var keyPem = status["clientKeyData"]?.GetValue<string>();
        X509Certificate2? certificate = null;
        if (certificatePem is not null || keyPem is not null)
        {
            if (certificatePem is null || keyPem is null)
            {
                throw new KubeConfigException($"exec plugin \"{name}\" returned clientCertificateData without clientKeyData or the other way round");
            }
            try
            {
                certificate = X509Certificate2.CreateFromPem(certificatePem, keyPem);
            }
            catch (CryptographicException ex)
            {
                throw new KubeConfigException($"exec plugin \"{name}\" returned a client certificate that is not valid PEM: {ex.Message}", ex);
            }
        }
        if (token is null && certificate is null)
        {
            throw new KubeConfigException($"exec plugin \"{name}\" returned neither a token nor a client certificate");
        }
        DateTimeOffset? expiration = null;
        if (status["expirationTimestamp"]?.GetValue<string>() is { } text)
        {
            expiration = DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : throw new KubeConfigException($"exec plugin \"{name}\" returned expirationTimestamp \"{text}\", which is not RFC 3339");
        }
        return new ExecCredential { Token = token, ClientCertificate = certificate, Expiration = expiration };
    }

    private string ExecInfo()
    {
        var spec = new JsonObject { ["interactive"] = false };
        if (config.ProvideClusterInfo)
        {
            var clusterInfo = new JsonObject { ["server"] = cluster.Server.ToString().TrimEnd('/') };
            if (cluster.CertificateAuthorityPem is { } ca)
            {
                clusterInfo["certificate-authority-data"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(ca));
            }
            if (cluster.TlsServerName is { } serverName)
            {
                clusterInfo["tls-server-name"] = serverName;
            }
            if (cluster.InsecureSkipTlsVerify)
            {
                clusterInfo["insecure-skip-tls-verify"] = true;
            }
            if (cluster.ProxyUrl is { } proxy)
            {
                clusterInfo["proxy-url"] = proxy.ToString();
            }
            spec["cluster"] = clusterInfo;
        }
        return new JsonObject { ["apiVersion"] = config.ApiVersion, ["kind"] = "ExecCredential", ["spec"] = spec }.ToJsonString();
    }

    private static string Shorten(string text)
    {
        var oneLine = string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return oneLine.Length <= 500 ? oneLine : oneLine[..500] + "…";
    }

    public void Dispose() => _gate.Dispose();

    [LoggerMessage(EventId = EventIdRanges.ExecCredentials + 1, Level = LogLevel.Debug, Message = "running exec credential plugin {Command}")]
    private static partial void LogRunning(ILogger logger, string command);
}
