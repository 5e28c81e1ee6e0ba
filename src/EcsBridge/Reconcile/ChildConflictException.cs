namespace EcsBridge.Reconcile;

/// <summary>An object with a child's name exists but is not controlled by the EcsService.</summary>
internal sealed class ChildConflictException(string message) : Exception(message);
