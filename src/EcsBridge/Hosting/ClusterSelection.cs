namespace EcsBridge.Hosting;

/// <summary>Decides whether a cluster is configured the way kubectl would find one; when none is, `run`
/// starts a local control plane instead.</summary>
internal static class ClusterSelection
{
    public static bool IsClusterConfigured(string? kubeconfigFlag)
    {
        if (!string.IsNullOrEmpty(kubeconfigFlag))
        {
            return true;
        }
        var fromEnv = Environment.GetEnvironmentVariable("KUBECONFIG");
        if (!string.IsNullOrEmpty(fromEnv) && fromEnv.Split(Path.PathSeparator).Any(File.Exists))
        {
            return true;
        }
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (File.Exists(Path.Combine(home, ".kube", "config")))
        {
            return true;
        }
        return !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"));
    }
}
