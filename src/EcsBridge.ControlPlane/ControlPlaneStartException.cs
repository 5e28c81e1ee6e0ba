namespace EcsBridge.ControlPlane;

/// <summary>A control-plane process failed to start; the message carries the tail of its log.</summary>
public sealed class ControlPlaneStartException(string message, bool portTaken = false) : Exception(message)
{
    /// <summary>The process could not listen because another process took its port after <see cref="FreePort"/>
    /// chose it: a start with fresh ports succeeds.</summary>
    public bool PortTaken { get; } = portTaken;
}
