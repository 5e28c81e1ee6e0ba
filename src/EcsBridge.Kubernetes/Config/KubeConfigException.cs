namespace EcsBridge.Kubernetes.Config;

/// <summary>The client configuration (kubeconfig, in-cluster files, exec plugin) is missing or wrong.</summary>
public sealed class KubeConfigException(string message, Exception? innerException = null)
    : KubeException(message, innerException);
