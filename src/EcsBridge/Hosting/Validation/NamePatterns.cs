using System.Text.RegularExpressions;

namespace EcsBridge.Hosting.Validation;

/// <summary>The name shapes options must have.</summary>
internal static partial class NamePatterns
{
    /// <summary>A Kubernetes namespace or Lease name (RFC 1123 label).</summary>
    public static bool IsDns1123Label(string name) => name.Length <= 63 && Dns1123Label().IsMatch(name);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123Label();

    [GeneratedRegex("^[a-z]{2}(-[a-z0-9]+)+-[0-9]+$")]
    public static partial Regex RegionName();

    [GeneratedRegex("^[0-9]{12}$")]
    public static partial Regex AccountId();
}
