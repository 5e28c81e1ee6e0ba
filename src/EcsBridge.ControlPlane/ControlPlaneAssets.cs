namespace EcsBridge.ControlPlane;

/// <summary>Finds the control-plane binaries: <c>KUBEBUILDER_ASSETS</c> first, then the per-user cache that
/// <c>tests/envtest/setup.sh</c> fills.</summary>
public static class ControlPlaneAssets
{
    public const string DefaultKubernetesVersion = "1.20.2";

    public static string DefaultCacheDirectory(string version = DefaultKubernetesVersion)
    {
        var root = Environment.GetEnvironmentVariable("ECSBRIDGE_ENVTEST_CACHE");
        if (string.IsNullOrEmpty(root))
        {
            var cacheHome = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (string.IsNullOrEmpty(cacheHome))
            {
                cacheHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            }
            root = Path.Combine(cacheHome, "ecsbridge", "envtest");
        }
        return Path.Combine(root, "k8s-" + version);
    }

    /// <summary>The assets folder to use, or null when none holds the binaries.</summary>
    public static string? Locate()
    {
        var fromEnv = Environment.GetEnvironmentVariable("KUBEBUILDER_ASSETS");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return HasBinaries(fromEnv) ? fromEnv : null;
        }
        var cached = DefaultCacheDirectory();
        return HasBinaries(cached) ? cached : null;
    }

    public static bool HasBinaries(string directory) =>
        File.Exists(Path.Combine(directory, "etcd")) && File.Exists(Path.Combine(directory, "kube-apiserver"));
}
