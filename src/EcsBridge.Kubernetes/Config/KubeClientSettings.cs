namespace EcsBridge.Kubernetes.Config;

/// <summary>Everything a <see cref="Http.KubeClient"/> needs to reach and authenticate to one API server,
/// resolved from a kubeconfig, the in-cluster mount or set by hand.</summary>
public sealed record KubeClientSettings
{
    public required Uri Server { get; init; }

    /// <summary>The namespace of the selected context (or the pod's namespace); "default" when none is set.</summary>
    public string Namespace { get; init; } = "default";

    /// <summary>Where these settings came from, for messages ("kubeconfig /x (context y)", "in-cluster").</summary>
    public string Source { get; init; } = "explicit settings";

    /// <summary>PEM bundle of the CAs to trust; null trusts the system store.</summary>
    public string? CertificateAuthorityPem { get; init; }

    public bool InsecureSkipTlsVerify { get; init; }

    /// <summary>The name to verify the server certificate against, when it differs from the host in <see cref="Server"/>.</summary>
    public string? TlsServerName { get; init; }

    public Uri? ProxyUrl { get; init; }

    public string? ClientCertificatePem { get; init; }

    public string? ClientKeyPem { get; init; }

    public string? Token { get; init; }

    /// <summary>A file holding a bearer token; re-read when it may have rotated.</summary>
    public string? TokenFile { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    public ExecConfig? Exec { get; init; }

    /// <summary>Sustained requests per second; zero or less turns client-side throttling off.</summary>
    public double Qps { get; init; } = 50;

    public int Burst { get; init; } = 100;

    /// <summary>Timeout of one non-watch request (watches have none; the server ends them).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a 429 (or a 5xx with Retry-After) is retried before it is raised.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>How long a token file is trusted before it is read again (service-account tokens rotate).</summary>
    public TimeSpan TokenFileRefreshInterval { get; init; } = TimeSpan.FromMinutes(1);

    public string UserAgent { get; init; } = "ecsbridge/0.1";

    /// <summary>Resolves settings the way the ecsbridge executable does: an explicit kubeconfig path, then
    /// <c>KUBECONFIG</c>, then <c>~/.kube/config</c>, then the in-cluster service account.</summary>
    /// <exception cref="KubeConfigException">Nothing is configured, or what is configured is wrong.</exception>
    public static KubeClientSettings Load(string? kubeconfigPath = null, string? context = null, KubeConfigEnvironment? environment = null)
    {
        environment ??= KubeConfigEnvironment.Process;
        if (!string.IsNullOrEmpty(kubeconfigPath))
        {
            return KubeConfigLoader.Load([kubeconfigPath], context, explicitPath: true);
        }
        var fromVariable = KubeConfigLoader.PathsFromVariable(environment.GetVariable("KUBECONFIG"));
        if (fromVariable.Count > 0)
        {
            return KubeConfigLoader.Load(fromVariable, context, explicitPath: false);
        }
        if (environment.HomeDirectory is { Length: > 0 } home)
        {
            var homeConfig = Path.Combine(home, ".kube", "config");
            if (File.Exists(homeConfig))
            {
                return KubeConfigLoader.Load([homeConfig], context, explicitPath: true);
            }
        }
        if (InClusterConfig.IsAvailable(environment))
        {
            if (context is not null)
            {
                throw new KubeConfigException($"context \"{context}\" was requested but no kubeconfig was found (only the in-cluster service account)");
            }
            return InClusterConfig.Load(environment);
        }
        throw new KubeConfigException(
            "no Kubernetes configuration found: pass --kubeconfig, set KUBECONFIG, create ~/.kube/config, or run inside a cluster");
    }

    /// <summary>Settings from one kubeconfig file (or several joined with the path separator, as in KUBECONFIG).</summary>
    public static KubeClientSettings FromKubeconfig(string path, string? context = null) =>
        KubeConfigLoader.Load(KubeConfigLoader.PathsFromVariable(path), context, explicitPath: true);

    /// <summary>Settings from the pod's service account.</summary>
    public static KubeClientSettings InCluster(KubeConfigEnvironment? environment = null) =>
        InClusterConfig.Load(environment ?? KubeConfigEnvironment.Process);
}
