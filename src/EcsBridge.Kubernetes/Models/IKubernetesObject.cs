namespace EcsBridge.Kubernetes.Models;

/// <summary>What every Kubernetes object has: its type and its metadata.</summary>
public interface IKubernetesObject
{
    string? ApiVersion { get; }

    string? Kind { get; }

    ObjectMeta Metadata { get; }
}
