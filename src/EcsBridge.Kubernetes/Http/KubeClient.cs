using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using EcsBridge.Kubernetes.Config;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Kubernetes.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcsBridge.Kubernetes.Http;

/// <summary>
/// A Kubernetes API client over one <see cref="HttpClient"/> (one connection pool, HTTP/2 when offered). Typed calls
/// take a source-generated <see cref="System.Text.Json.Serialization.Metadata.JsonTypeInfo{T}"/>; pass
/// <c>KubeJsonContext.Default.JsonNode</c> to work untyped and keep every field. Errors are typed
/// <see cref="KubeApiException"/>s, <see cref="KubeConnectionException"/> or <see cref="KubeConfigException"/>.
/// </summary>
public sealed partial class KubeClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly KubeCredentials _credentials;
    private readonly ClientRateLimiter _limiter;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _serverPrefix;
    private readonly X509Certificate2Collection? _trustedRoots;

    public KubeClient(KubeClientSettings settings, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        _time = timeProvider ?? TimeProvider.System;
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = LoggerFactory.CreateLogger("EcsBridge.Kubernetes.KubeClient");
        _credentials = new KubeCredentials(settings, _time, _logger);
        _limiter = new ClientRateLimiter(settings.Qps, settings.Burst, _time);
        _serverPrefix = settings.Server.ToString().TrimEnd('/');
        if (settings.CertificateAuthorityPem is { } caPem)
        {
            _trustedRoots = [];
            _trustedRoots.ImportFromPem(caPem);
        }
        _http = new HttpClient(CreateHandler(), disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(settings.UserAgent);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    public KubeClientSettings Settings { get; }

    /// <summary>The namespace of the selected context (or the pod's own namespace in a cluster).</summary>
    public string DefaultNamespace => Settings.Namespace;

    public KubeClientMetrics Metrics { get; } = new();

    public TimeProvider TimeProvider => _time;

    internal ILoggerFactory LoggerFactory { get; }

    /// <summary>A client for the cluster found the way the ecsbridge executable looks: the given kubeconfig,
    /// KUBECONFIG, ~/.kube/config, then the in-cluster service account.</summary>
    public static KubeClient FromKubeconfig(string? path = null, string? context = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null) =>
        new(KubeClientSettings.Load(path, context), loggerFactory, timeProvider);

    private SocketsHttpHandler CreateHandler()
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = Settings.ConnectTimeout,
            EnableMultipleHttp2Connections = true,
            // Pings find a dead HTTP/2 connection under a long watch that would otherwise wait forever.
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(15),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            AutomaticDecompression = DecompressionMethods.GZip,
            UseProxy = Settings.ProxyUrl is not null,
            Proxy = Settings.ProxyUrl is { } proxy ? new WebProxy(proxy) : null,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = ValidateServerCertificate,
                LocalCertificateSelectionCallback = (_, _, _, _, _) => _credentials.ClientCertificate!,
            },
        };
        return handler;
    }

    private bool ValidateServerCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (Settings.InsecureSkipTlsVerify)
        {
            return true;
        }
        if (certificate is null)
        {
            return false;
        }
        using var server = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (Settings.TlsServerName is { } expectedName)
        {
            if (!server.MatchesHostname(expectedName))
            {
                return false;
            }
            errors &= ~SslPolicyErrors.RemoteCertificateNameMismatch;
        }
        else if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return false;
        }
        if (_trustedRoots is null)
        {
            return errors == SslPolicyErrors.None;
        }
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_trustedRoots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }
        return custom.Build(server);
    }

    /// <summary>Sends one request with rate limiting, authentication, a per-request timeout (none for watches),
    /// one retry after a 401 when the credential can be refreshed, and retries on 429 / Retry-After.
    /// Returns a successful response or throws. <paramref name="readBodyLater"/>: return once the headers are in (the
    /// timeout still applies to them) and leave the body to be streamed by the caller.</summary>
    internal async Task<HttpResponseMessage> SendAsync(
        string verb, HttpMethod method, string pathAndQuery, byte[]? body, string? contentType, bool streaming,
        string operation, CancellationToken cancellationToken, bool readBodyLater = false)
    {
        var uri = new Uri(_serverPrefix + pathAndQuery);
        var refreshed = false;
        for (var attempt = 0; ; attempt++)
        {
            await _limiter.WaitAsync(cancellationToken).ConfigureAwait(false);
            await _credentials.PrepareAsync(cancellationToken).ConfigureAwait(false);
            using var request = new HttpRequestMessage(method, uri);
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? "application/json");
            }
            await _credentials.ApplyAsync(request, cancellationToken).ConfigureAwait(false);

            HttpResponseMessage response;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                if (!streaming)
                {
                    timeout.CancelAfter(Settings.RequestTimeout);
                }
                try
                {
                    response = await _http.SendAsync(request,
                        streaming || readBodyLater ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead,
                        timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    Metrics.Record(verb, "error");
                    throw new KubeConnectionException(
                        $"{operation}: the Kubernetes API at {_serverPrefix} did not answer within {Settings.RequestTimeout.TotalSeconds:0} s", ex);
                }
                catch (HttpRequestException ex)
                {
                    Metrics.Record(verb, "error");
                    LogConnectionFailed(_logger, _serverPrefix, ex.Message);
                    throw new KubeConnectionException($"cannot reach the Kubernetes API at {_serverPrefix} ({Settings.Source}): {Describe(ex)}", ex);
                }
            }

            var code = (int)response.StatusCode;
            Metrics.Record(verb, code.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (response.IsSuccessStatusCode)
            {
                if (KubeClientMetrics.IsWrite(verb))
                {
                    LogWrite(_logger, operation, code);
                }
                return response;
            }
            if (code == 401 && !refreshed && _credentials.CanRefresh)
            {
                refreshed = true;
                response.Dispose();
                LogRefreshingCredential(_logger, operation);
                _credentials.Invalidate();
                continue;
            }
            var retryAfter = response.Headers.RetryAfter?.Delta;
            if ((code == 429 || (code >= 500 && retryAfter is not null)) && attempt < Settings.MaxRetries)
            {
                response.Dispose();
                var delay = retryAfter ?? TimeSpan.FromSeconds(1);
                delay = delay > TimeSpan.FromSeconds(30) ? TimeSpan.FromSeconds(30) : delay;
                LogRetrying(_logger, operation, code, delay.TotalSeconds, attempt + 1);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                continue;
            }
            using (response)
            {
                throw await ToExceptionAsync(response, operation, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<KubeApiException> ToExceptionAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        Status? status = null;
        try
        {
            status = JsonSerializer.Deserialize(text, KubeJsonContext.Default.Status);
        }
        catch (JsonException)
        {
            // Not a Status (a proxy's HTML page, say); the text itself becomes the message.
        }
        if (status?.Kind != "Status")
        {
            var trimmed = text.Trim();
            status = new Status
            {
                Code = (int)response.StatusCode,
                Message = trimmed.Length == 0 ? response.ReasonPhrase : trimmed.Length > 300 ? trimmed[..300] + "…" : trimmed,
                Reason = status?.Reason,
            };
        }
        return KubeApiException.Create(response.StatusCode, status, operation);
    }

    private static string Describe(HttpRequestException ex)
    {
        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case SocketException socket:
                    return socket.SocketErrorCode switch
                    {
                        SocketError.ConnectionRefused => "connection refused (is the API server running and the address right?)",
                        SocketError.HostNotFound or SocketError.NoData => "host name not found",
                        SocketError.TimedOut => "connection timed out",
                        _ => socket.Message,
                    };
                case AuthenticationException auth:
                    return "TLS handshake failed (check certificate-authority, tls-server-name or the client certificate): " + auth.Message;
            }
        }
        return ex.Message;
    }

    internal static string Describe(string verb, ResourceType type, string? ns, string? name, string? subresource = null)
    {
        var text = new StringBuilder(verb).Append(' ').Append(type.Plural);
        if (type.Group.Length > 0)
        {
            text.Append('.').Append(type.Group);
        }
        if (subresource is not null)
        {
            text.Append('/').Append(subresource);
        }
        if (name is not null)
        {
            text.Append(" \"").Append(name).Append('"');
        }
        if (ns is not null)
        {
            text.Append(" in namespace \"").Append(ns).Append('"');
        }
        return text.ToString();
    }

    public void Dispose()
    {
        _http.Dispose();
        _credentials.Dispose();
    }

    [LoggerMessage(EventId = EventIdRanges.KubeClient + 4, Level = LogLevel.Debug, Message = "{Operation} answered {Code}")]
    private static partial void LogWrite(ILogger logger, string operation, int code);

    [LoggerMessage(EventId = EventIdRanges.KubeClient + 1, Level = LogLevel.Debug, Message = "cannot reach {Server}: {Reason}")]
    private static partial void LogConnectionFailed(ILogger logger, string server, string reason);

    [LoggerMessage(EventId = EventIdRanges.KubeClient + 2, Level = LogLevel.Information, Message = "{Operation} was unauthorized; refreshing the credential and retrying once")]
    private static partial void LogRefreshingCredential(ILogger logger, string operation);

    [LoggerMessage(EventId = EventIdRanges.KubeClient + 3, Level = LogLevel.Information, Message = "{Operation} answered {Code}; retrying in {DelaySeconds} s (attempt {Attempt})")]
    private static partial void LogRetrying(ILogger logger, string operation, int code, double delaySeconds, int attempt);
}
