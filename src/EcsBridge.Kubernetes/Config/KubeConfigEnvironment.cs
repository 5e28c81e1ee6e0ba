namespace EcsBridge.Kubernetes.Config;

/// <summary>Where configuration is looked up: environment variables, the home folder and the service-account
/// mount. Injectable so tests can fake a pod or a user's machine without touching the process.</summary>
public sealed record KubeConfigEnvironment
{
    public const string DefaultServiceAccountRoot = "/var/run/secrets/kubernetes.io/serviceaccount";

    public required Func<string, string?> GetVariable { get; init; }

    public string? HomeDirectory { get; init; }

    /// <summary>The folder holding <c>token</c>, <c>ca.crt</c> and <c>namespace</c> inside a pod.</summary>
    public string ServiceAccountRoot { get; init; } = DefaultServiceAccountRoot;

    /// <summary>The real process environment.</summary>
    public static KubeConfigEnvironment Process { get; } = new()
    {
        GetVariable = Environment.GetEnvironmentVariable,
        HomeDirectory = Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home
            ? home
            : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
    };

    /// <summary>An environment with only the given variables (for tests).</summary>
    public static KubeConfigEnvironment FromVariables(IReadOnlyDictionary<string, string> variables, string? home = null) => new()
    {
        GetVariable = name => variables.TryGetValue(name, out var value) ? value : null,
        HomeDirectory = home,
    };
}
