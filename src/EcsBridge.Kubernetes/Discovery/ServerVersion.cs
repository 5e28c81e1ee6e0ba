namespace EcsBridge.Kubernetes.Discovery;

/// <summary>What /version says, e.g. v1.20.2.</summary>
public sealed record ServerVersion
{
    public required string GitVersion { get; init; }

    public int Major { get; init; }

    public int Minor { get; init; }

    public bool IsAtLeast(int major, int minor) => Major > major || (Major == major && Minor >= minor);
}
