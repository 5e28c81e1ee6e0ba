using System.Text.RegularExpressions;

namespace EcsBridge.Core.Validation;

/// <summary>The Kubernetes name rules the ECS names must also satisfy.</summary>
public static partial class KubernetesNames
{
    /// <summary>A DNS-1123 label: lower-case letters, digits and '-', starting and ending alphanumeric, at most 63.</summary>
    public static bool IsDns1123Label(string? name) => name is { Length: > 0 and <= 63 } && Dns1123Label().IsMatch(name);

    /// <summary>A DNS-1035 label (Service names): as DNS-1123 but starting with a letter.</summary>
    public static bool IsDns1035Label(string? name) => IsDns1123Label(name) && char.IsAsciiLetterLower(name![0]);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123Label();
}
