using System.Security.Cryptography;
using System.Text;

namespace EcsBridge.Core.Ecs;

/// <summary>ECS names (`[A-Za-z0-9_-]{1,255}`) as Kubernetes object names: lower-case DNS-1123 labels of at most
/// 63 characters, because the family also becomes a label value and the service name the name of a Deployment,
/// Service and HPA.</summary>
public static class EcsNames
{
    public const int MaxLength = 63;

    /// <summary>The Kubernetes name for an ECS family or service name: lower-cased, every character other than
    /// a-z, 0-9 and '-' replaced by '-', leading and trailing '-' trimmed; longer than 63 characters → the first 54
    /// and a hash of the whole, so distinct long names stay distinct. Null when nothing usable is left.</summary>
    public static string? ToObjectName(string ecsName)
    {
        var builder = new StringBuilder(ecsName.Length);
        foreach (var c in ecsName.Trim())
        {
            var lower = char.ToLowerInvariant(c);
            builder.Append(char.IsAsciiLetterLower(lower) || char.IsAsciiDigit(lower) ? lower : '-');
        }
        var name = builder.ToString().Trim('-');
        if (name.Length == 0)
        {
            return null;
        }
        if (name.Length > MaxLength)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ecsName)))[..8];
            name = name[..(MaxLength - 9)].TrimEnd('-') + "-" + hash;
        }
        return name;
    }

    /// <summary>True when <paramref name="name"/> already is a valid object name as <see cref="ToObjectName"/> makes them.</summary>
    public static bool IsObjectName(string name) => ToObjectName(name) == name;

    /// <summary>A service's taskDefinition ("family", "family:rev" or a task definition ARN) as EcsBridge refers
    /// to it: the ARN reduced to family:revision and the family made a Kubernetes name like the task definition's.
    /// Null when the reference has no usable family.</summary>
    public static string? ToTaskDefinitionReference(string reference)
    {
        var text = reference.Trim();
        // arn:aws:ecs:us-east-1:123456789012:task-definition/web:3
        var slash = text.StartsWith("arn:", StringComparison.Ordinal) ? text.LastIndexOf('/') : -1;
        if (slash >= 0)
        {
            text = text[(slash + 1)..];
        }
        var colon = text.LastIndexOf(':');
        var family = colon >= 0 ? text[..colon] : text;
        var revision = colon >= 0 ? text[(colon + 1)..] : null;
        var name = ToObjectName(family);
        if (name is null)
        {
            return null;
        }
        return revision is null ? name : name + ":" + revision;
    }

    /// <summary>Splits "family:rev" into the family and the revision (null when not pinned or not a number).</summary>
    public static (string Family, int? Revision) SplitReference(string reference)
    {
        var colon = reference.LastIndexOf(':');
        if (colon < 0)
        {
            return (reference, null);
        }
        return int.TryParse(reference.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var revision)
            ? (reference[..colon], revision)
            : (reference, null);
    }
}
