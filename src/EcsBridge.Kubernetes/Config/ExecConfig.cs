namespace EcsBridge.Kubernetes.Config;

/// <summary>A kubeconfig <c>user.exec</c> credential plugin.</summary>
public sealed record ExecConfig
{
    public required string Command { get; init; }

    public IReadOnlyList<string> Args { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> Env { get; init; } = [];

    /// <summary><c>client.authentication.k8s.io/v1</c> or <c>client.authentication.k8s.io/v1beta1</c>.</summary>
    public required string ApiVersion { get; init; }

    /// <summary>Never, IfAvailable or Always. EcsBridge never has a terminal, so Always cannot be satisfied.</summary>
    public string InteractiveMode { get; init; } = "IfAvailable";

    public string? InstallHint { get; init; }

    public bool ProvideClusterInfo { get; init; }

    /// <summary>The folder of the kubeconfig that declared the plugin: a relative command with a slash is
    /// resolved against it, the way kubectl does.</summary>
    public string? BaseDirectory { get; init; }

    /// <summary>How long the plugin may run before it counts as failed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(1);
}
