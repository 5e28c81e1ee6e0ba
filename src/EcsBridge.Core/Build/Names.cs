using System.Security.Cryptography;
using System.Text;

namespace EcsBridge.Core.Build;

/// <summary>Deterministic Kubernetes names. Anything too long is cut and given a short hash of the full input, so two
/// long names that share a prefix still differ and the same input always yields the same name.</summary>
internal static class Names
{
    public const int MaxLabelLength = 63;
    public const int MaxSubdomainLength = 253;
    public const int MaxPortNameLength = 15;

    /// <summary>A DNS-1123 label (≤ 63): lower-case alphanumerics and '-', starting and ending alphanumeric.</summary>
    public static string Dns1123Label(string value) => Normalize(value, MaxLabelLength, allowDots: false);

    /// <summary>A DNS-1123 subdomain (≤ 253), as required for object names.</summary>
    public static string Dns1123Subdomain(string value) => Normalize(value, MaxSubdomainLength, allowDots: true);

    /// <summary>A label value (≤ 63). Object names are already valid label characters, so only length matters.</summary>
    public static string LabelValue(string value) =>
        value.Length <= MaxLabelLength ? value : Shorten(value, value, MaxLabelLength);

    /// <summary>An IANA_SVC_NAME for container and Service ports: ≤ 15 lower-case alphanumerics or '-', at least one
    /// letter, no leading, trailing or double '-'.</summary>
    public static string PortName(string value)
    {
        var name = Collapse(Clean(value, allowDots: false));
        if (!name.Any(char.IsAsciiLetterLower))
        {
            name = "p-" + name;
        }

        name = name.Length <= MaxPortNameLength ? name : Shorten(name, value, MaxPortNameLength);
        return Collapse(name);
    }

    /// <summary>The name part of an annotation or label key (≤ 63; alphanumerics, '-', '_', '.'; alphanumeric at both
    /// ends). Invalid characters become '_'.</summary>
    public static string QualifiedNamePart(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var character in value)
        {
            builder.Append(char.IsAsciiLetterOrDigit(character) || character is '-' or '_' or '.' ? character : '_');
        }

        var name = builder.ToString().Trim('-', '_', '.');
        if (name.Length == 0)
        {
            name = "x" + Hash(value);
        }

        return name.Length <= MaxLabelLength ? name : Shorten(name, value, MaxLabelLength);
    }

    /// <summary>The first eight hex digits of SHA-256 over the UTF-8 input.</summary>
    public static string Hash(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..8];

    private static string Normalize(string value, int maxLength, bool allowDots)
    {
        var name = Clean(value, allowDots);
        if (name.Length == 0)
        {
            return "x" + Hash(value);
        }

        return name.Length <= maxLength ? name : Shorten(name, value, maxLength);
    }

    private static string Clean(string value, bool allowDots)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var character in value.ToLowerInvariant())
        {
            builder.Append(char.IsAsciiLetterLower(character) || char.IsAsciiDigit(character) || (allowDots && character == '.')
                ? character
                : '-');
        }

        return builder.ToString().Trim('-', '.');
    }

    private static string Collapse(string value)
    {
        while (value.Contains("--", StringComparison.Ordinal))
        {
            value = value.Replace("--", "-", StringComparison.Ordinal);
        }

        return value.Trim('-');
    }

    private static string Shorten(string name, string original, int maxLength)
    {
        var hash = Hash(original);
        var prefixLength = Math.Max(0, maxLength - hash.Length - 1);
        var prefix = name[..prefixLength].TrimEnd('-', '.', '_');
        return prefix.Length == 0 ? hash : $"{prefix}-{hash}";
    }
}
