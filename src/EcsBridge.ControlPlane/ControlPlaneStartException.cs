namespace EcsBridge.ControlPlane;

/// <summary>A control-plane process failed to start; the message carries the tail of its log.</summary>
public sealed class ControlPlaneStartException(string message) : Exception(message);
