using System.Diagnostics.CodeAnalysis;

namespace EcsBridge.EcsApi;

/// <summary>ECS's ARNs with the configured region and account id (the long service ARN format, which names the
/// cluster), and reading a name-or-ARN parameter back to the name.</summary>
internal sealed record EcsArns(string Region, string AccountId)
{
    private string Prefix => $"arn:aws:ecs:{Region}:{AccountId}:";

    public string Cluster(string cluster) => Prefix + "cluster/" + cluster;

    public string Service(string cluster, string service) => Prefix + "service/" + cluster + "/" + service;

    /// <summary>A task: the long format (task/cluster/id); the id is the task's pod name (see <see cref="TaskOperations"/>).</summary>
    public string Task(string cluster, string taskId) => Prefix + "task/" + cluster + "/" + taskId;

    public string Container(string cluster, string taskId, string container) => Prefix + "container/" + cluster + "/" + taskId + "/" + container;

    public string TaskDefinition(string family, int revision) => Prefix + "task-definition/" + family + ":" + revision.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A cluster parameter (name or cluster ARN) → the name; null when absent (the default cluster).</summary>
    public static bool TryClusterName(string? value, [NotNullWhen(true)] out string? name)
    {
        name = null;
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }
        name = ResourcePart(value, "cluster/") is { } rest ? rest : value;
        return name.Length > 0 && !name.Contains('/', StringComparison.Ordinal);
    }

    /// <summary>A service parameter (name, or ARN in the long "service/cluster/name" or short "service/name" format) →
    /// the service name and the cluster the ARN names (null for a name or a short ARN).</summary>
    public static (string Name, string? Cluster)? ParseService(string value)
    {
        if (ResourcePart(value, "service/") is not { } rest)
        {
            return value.Length > 0 && !value.Contains('/', StringComparison.Ordinal) && !value.StartsWith("arn:", StringComparison.Ordinal) ? (value, null) : null;
        }
        var parts = rest.Split('/');
        return parts switch
        {
            [var name] when name.Length > 0 => (name, null),
            [var cluster, var name] when cluster.Length > 0 && name.Length > 0 => (name, cluster),
            _ => null,
        };
    }

    /// <summary>A task parameter (id, or ARN in the long "task/cluster/id" or short "task/id" format) → the id and the
    /// cluster the ARN names (null for an id or a short ARN).</summary>
    public static (string Id, string? Cluster)? ParseTask(string value)
    {
        if (ResourcePart(value, "task/") is not { } rest)
        {
            return value.Length > 0 && !value.Contains('/', StringComparison.Ordinal) && !value.StartsWith("arn:", StringComparison.Ordinal) ? (value, null) : null;
        }
        return rest.Split('/') switch
        {
            [var id] when id.Length > 0 => (id, null),
            [var cluster, var id] when cluster.Length > 0 && id.Length > 0 => (id, cluster),
            _ => null,
        };
    }

    /// <summary>The kind ("cluster", "service", "task", "task-definition") and the rest of an ECS resource ARN, or null
    /// when <paramref name="value"/> is not one.</summary>
    public static (string Kind, string Path)? ParseResource(string value)
    {
        foreach (var kind in new[] { "cluster", "service", "task-definition", "task", "container-instance", "capacity-provider" })
        {
            if (ResourcePart(value, kind + "/") is { Length: > 0 } rest)
            {
                return (kind, rest);
            }
        }
        return null;
    }

    /// <summary>A taskDefinition parameter (family, family:revision or ARN) → family:revision or family.</summary>
    public static string TaskDefinitionReference(string value) => ResourcePart(value, "task-definition/") ?? value;

    /// <summary>The part of an ECS ARN after "&lt;kind&gt;/", or null when <paramref name="value"/> is not such an ARN.</summary>
    private static string? ResourcePart(string value, string kind)
    {
        if (!value.StartsWith("arn:", StringComparison.Ordinal))
        {
            return null;
        }
        // arn:partition:ecs:region:account:resource
        var parts = value.Split(':', 6);
        return parts.Length == 6 && parts[2] == "ecs" && parts[5].StartsWith(kind, StringComparison.Ordinal) ? parts[5][kind.Length..] : null;
    }
}
