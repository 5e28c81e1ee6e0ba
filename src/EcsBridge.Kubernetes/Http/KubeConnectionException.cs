namespace EcsBridge.Kubernetes.Http;

/// <summary>The API server could not be reached or the TLS handshake failed; nothing was answered.</summary>
public sealed class KubeConnectionException(string message, Exception? innerException = null) : KubeException(message, innerException);
