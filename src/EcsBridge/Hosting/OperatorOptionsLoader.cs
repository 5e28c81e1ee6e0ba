using Microsoft.Extensions.Configuration;

namespace EcsBridge.Hosting;

/// <summary>
/// Reads <see cref="OperatorOptions"/> from, in rising precedence: a JSON file (--config), ECSBRIDGE_* environment
/// variables (ECSBRIDGE_CONCURRENCY, ECSBRIDGE_WATCH_NAMESPACES, …) and command-line flags, for every setting in
/// <see cref="OperatorFlags"/>. Every unreadable value becomes one clear error naming the flag.
/// </summary>
internal static class OperatorOptionsLoader
{
    /// <param name="flags">Command-line values by flag name (no dashes); null or empty means not given.</param>
    /// <param name="localMode">Whether these options start a local control plane (decided from the kubeconfig they name).</param>
    public static (OperatorOptions Options, IReadOnlyList<string> Errors) Load(
        IReadOnlyDictionary<string, string?> flags, string? configFile, Func<OperatorOptions, bool>? localMode = null)
    {
        var builder = new ConfigurationBuilder();
        if (configFile is not null)
        {
            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }
        var fromFlags = new Dictionary<string, string?>(flags, StringComparer.OrdinalIgnoreCase);
        builder.AddInMemoryCollection(OperatorFlags.All.Select(f => KeyValuePair.Create(f.JsonKey, Environment.GetEnvironmentVariable(f.EnvironmentVariable))).Where(p => p.Value is not null));
        builder.AddInMemoryCollection(OperatorFlags.All.Select(f => KeyValuePair.Create(f.JsonKey, fromFlags.GetValueOrDefault(f.Name))).Where(p => p.Value is not null));
        var config = builder.Build();

        var errors = new List<string>();
        var options = new OperatorOptions();
        foreach (var flag in OperatorFlags.All)
        {
            if (config[flag.JsonKey] is not { Length: > 0 } text)
            {
                continue;
            }
            if (flag.Read(options, text) is { } read)
            {
                options = read;
            }
            else
            {
                errors.Add($"--{flag.Name}: \"{text}\" is not a valid value");
            }
        }
        errors.AddRange(OperatorOptionsValidator.Validate(options, localMode?.Invoke(options) ?? false));
        return (options, errors);
    }
}
