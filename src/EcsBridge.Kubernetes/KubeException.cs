namespace EcsBridge.Kubernetes;

/// <summary>The base of every error this client raises on purpose. Its message is one line a person can act on,
/// so a command-line host can print <see cref="Exception.Message"/> instead of a stack trace.</summary>
public abstract class KubeException : Exception
{
    protected KubeException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
