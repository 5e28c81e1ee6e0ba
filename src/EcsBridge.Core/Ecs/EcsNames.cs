using EcsBridge.Core.Build;
using EcsBridge.Core.Validation;

namespace EcsBridge.Core.Ecs;

/// <summary>ECS names (`[A-Za-z0-9_-]{1,255}`) as Kubernetes object names: lower-case DNS-1123 labels of at most
/// 63 characters, because the family also becomes a label value and the service name the name of a Deployment,
/// Service and HPA.</summary>
public static class EcsNames
{
    public const int MaxLength = 63;

    /// <summary>The Kubernetes name for an ECS family or service name, by the builders' own rule
    /// (<see cref="Names.Dns1123Label"/>): lower-cased, every character other than a-z, 0-9 and '-' replaced by '-',
    /// '-' trimmed at both ends; longer than 63 characters → cut, with a hash of the whole so distinct long names
    /// stay distinct. Null when the name has no letter or digit to keep.</summary>
    public static string? ToObjectName(string ecsName) =>
        ecsName.Any(char.IsAsciiLetterOrDigit) ? Names.Dns1123Label(ecsName.Trim()) : null;

    /// <summary>True when <paramref name="name"/> already is a valid object name as <see cref="ToObjectName"/> makes them.</summary>
    public static bool IsObjectName(string name) => ToObjectName(name) == name;

    /// <summary>The Kubernetes name for an ECS service name: as <see cref="ToObjectName"/>, and starting with a
    /// letter ("svc-" is put in front of a leading digit), because it also names a Kubernetes Service (DNS-1035).</summary>
    public static string? ToServiceName(string serviceName)
    {
        var name = ToObjectName(serviceName);
        if (name is null || char.IsAsciiLetterLower(name[0]))
        {
            return name;
        }
        return ToObjectName("svc-" + name);
    }

    /// <summary>A service's taskDefinition ("family", "family:rev" or a task definition ARN) as EcsBridge refers
    /// to it: the ARN reduced to family:revision and the family made a Kubernetes name like the task definition's.
    /// Null when it is none of those forms.</summary>
    public static string? ToTaskDefinitionReference(string reference)
    {
        if (!TaskDefinitionReference.TryParse(reference, out var parsed) || ToObjectName(parsed.Family) is not { } family)
        {
            return null;
        }
        return (parsed with { Family = family }).ToString();
    }
}
