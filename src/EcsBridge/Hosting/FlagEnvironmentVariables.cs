namespace EcsBridge.Hosting;

/// <summary>ECSBRIDGE_&lt;FLAG&gt; variables (ECSBRIDGE_WATCH_NAMESPACES for --watch-namespaces). The configuration's
/// own environment provider cannot map these (it keeps underscores and knows no dashes), so they are read through the
/// flag table into the flags' binding keys.</summary>
internal static class FlagEnvironmentVariables
{
    public const string Prefix = "ECSBRIDGE_";

    public static string NameOf(string flag) => Prefix + flag.Replace('-', '_').ToUpperInvariant();

    /// <summary>The set variables as (binding key, value).</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Read() =>
        OperatorFlags.All
            .Select(f => KeyValuePair.Create(f.BindingKey, Environment.GetEnvironmentVariable(f.EnvironmentVariable)))
            .Where(p => p.Value is not null);
}
