namespace EcsBridge.Kubernetes.Models;

public sealed record EventSource
{
    public string? Component { get; init; }

    public string? Host { get; init; }
}
