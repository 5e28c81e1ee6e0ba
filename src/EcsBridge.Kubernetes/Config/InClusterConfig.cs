namespace EcsBridge.Kubernetes.Config;

/// <summary>Settings from inside a pod: the API address from KUBERNETES_SERVICE_HOST/PORT, and the
/// service-account token, CA and namespace files. The token file is re-read as it rotates.</summary>
internal static class InClusterConfig
{
    public static bool IsAvailable(KubeConfigEnvironment environment) =>
        !string.IsNullOrEmpty(environment.GetVariable("KUBERNETES_SERVICE_HOST"))
        && !string.IsNullOrEmpty(environment.GetVariable("KUBERNETES_SERVICE_PORT"));

    public static KubeClientSettings Load(KubeConfigEnvironment environment)
    {
        var host = environment.GetVariable("KUBERNETES_SERVICE_HOST");
        var port = environment.GetVariable("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            throw new KubeConfigException("not running inside a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set");
        }
        if (host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('['))
        {
            host = $"[{host}]";
        }
        if (!Uri.TryCreate($"https://{host}:{port}", UriKind.Absolute, out var server))
        {
            throw new KubeConfigException($"in-cluster address https://{host}:{port} (from KUBERNETES_SERVICE_HOST/PORT) is not a valid URL");
        }
        var root = environment.ServiceAccountRoot;
        var tokenFile = Path.Combine(root, "token");
        KubeConfigLoader.ReadFile(tokenFile, "in-cluster service-account token");
        var ca = KubeConfigLoader.ReadFile(Path.Combine(root, "ca.crt"), "in-cluster CA");
        KubeConfigLoader.ValidateCertificateAuthority(ca, $"in-cluster CA {Path.Combine(root, "ca.crt")}");
        var namespacePath = Path.Combine(root, "namespace");
        var ns = File.Exists(namespacePath) ? File.ReadAllText(namespacePath).Trim() : "";
        return new KubeClientSettings
        {
            Server = server,
            CertificateAuthorityPem = ca,
            TokenFile = tokenFile,
            Namespace = ns.Length > 0 ? ns : "default",
            Source = "in-cluster service account",
        };
    }
}
