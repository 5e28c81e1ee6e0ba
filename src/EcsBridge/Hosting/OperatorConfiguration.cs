using Microsoft.Extensions.Configuration;

namespace EcsBridge.Hosting;

/// <summary>
/// The operator's settings as configuration providers, in rising precedence: the --config JSON file, ECSBRIDGE_*
/// environment variables, command-line flags. The flag table then reads each flag's text (a Go duration, a
/// comma-separated list or a JSON array, …) into one canonical spelling under <see cref="Section"/>, which the
/// generated binder binds to <see cref="OperatorOptions"/>. Every unreadable value is one error naming the flag.
/// </summary>
internal static class OperatorConfiguration
{
    /// <summary>Where the canonical values live; options bind from here.</summary>
    public const string Section = "Operator";

    /// <summary>Adds the three sources. A missing --config file throws <see cref="FileNotFoundException"/>, malformed
    /// JSON <see cref="InvalidDataException"/>, for the command to report.</summary>
    /// <param name="flags">Command-line values by flag name (no dashes); null or empty means not given.</param>
    public static void AddSources(IConfigurationBuilder configuration, IReadOnlyDictionary<string, string?> flags, string? configFile)
    {
        if (configFile is not null)
        {
            configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }
        configuration.AddInMemoryCollection(FlagEnvironmentVariables.Read());
        configuration.AddInMemoryCollection(OperatorFlags.All
            .Select(f => KeyValuePair.Create(f.BindingKey, flags.GetValueOrDefault(f.Name)))
            .Where(p => !string.IsNullOrEmpty(p.Value)));
    }

    /// <summary>Reads every flag's text through the table into <see cref="Section"/>; returns the values that are not
    /// of their flag's kind.</summary>
    public static IReadOnlyList<string> Canonicalize(IConfigurationManager configuration)
    {
        var errors = new List<string>();
        var canonical = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var flag in OperatorFlags.All)
        {
            var raw = configuration.GetSection(flag.BindingKey);
            var key = Section + ":" + flag.BindingKey;
            if (flag.Kind == FlagKind.List)
            {
                // A scalar (flag, variable, "a,b" in the file) wins over an array lower down, as any value would.
                var items = raw.Value is { Length: > 0 } text
                    ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    : [.. raw.GetChildren().Select(c => c.Value?.Trim()).OfType<string>().Where(v => v.Length > 0)];
                for (var i = 0; i < items.Length; i++)
                {
                    canonical[key + ":" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = items[i];
                }
                continue;
            }
            if (raw.Value is not { Length: > 0 } value)
            {
                continue;
            }
            if (flag.Canonical(value) is { } read)
            {
                canonical[key] = read;
            }
            else
            {
                errors.Add($"--{flag.Name}: \"{value}\" is not a valid value");
            }
        }
        configuration.AddInMemoryCollection(canonical);
        return errors;
    }

    /// <summary>The options as bound now (the generated binder), for decisions made before the host is built.</summary>
    public static OperatorOptions Bind(IConfiguration configuration)
    {
        var options = new OperatorOptions();
        configuration.GetSection(Section).Bind(options);
        return options;
    }

    /// <summary>Sources, canonical values, binding and validation in one go: the options, or every error line.</summary>
    /// <param name="localMode">Whether these options start a local control plane (decided from the kubeconfig they name).</param>
    public static (OperatorOptions Options, IReadOnlyList<string> Errors) Load(
        IConfigurationManager configuration, IReadOnlyDictionary<string, string?> flags, string? configFile, Func<OperatorOptions, bool>? localMode = null)
    {
        AddSources(configuration, flags, configFile);
        var errors = Canonicalize(configuration).ToList();
        var options = Bind(configuration);
        if (localMode?.Invoke(options) == true)
        {
            configuration.AddInMemoryCollection([KeyValuePair.Create<string, string?>(Section + ":local-mode", "true")]);
            options.LocalMode = true;
        }
        errors.AddRange(OperatorOptionsValidator.Errors(options));
        return (options, errors);
    }
}
