using System.Text;

namespace EcsBridge.Kubernetes.Http;

/// <summary>Builds API paths: /api/v1/namespaces/ns/configmaps/name/status, /apis/apps/v1/deployments, …</summary>
internal static class ResourcePaths
{
    public static string For(ResourceType type, string? ns, string? name = null, string? subresource = null)
    {
        var path = new StringBuilder(type.Group.Length == 0 ? "/api/" : $"/apis/{type.Group}/");
        path.Append(type.Version);
        if (type.Namespaced && !string.IsNullOrEmpty(ns))
        {
            path.Append("/namespaces/").Append(Uri.EscapeDataString(ns));
        }
        else if (!type.Namespaced && !string.IsNullOrEmpty(ns))
        {
            throw new ArgumentException($"{type.Kind} is cluster-scoped; no namespace may be given", nameof(ns));
        }
        path.Append('/').Append(type.Plural);
        if (name is not null)
        {
            if (name.Length == 0)
            {
                throw new ArgumentException("name must not be empty", nameof(name));
            }
            path.Append('/').Append(Uri.EscapeDataString(name));
            if (subresource is not null)
            {
                path.Append('/').Append(subresource);
            }
        }
        return path.ToString();
    }

    /// <summary>Appends query parameters, skipping null values.</summary>
    public static string WithQuery(string path, params (string Key, string? Value)[] parameters)
    {
        var builder = new StringBuilder(path);
        var separator = '?';
        foreach (var (key, value) in parameters)
        {
            if (value is null)
            {
                continue;
            }
            builder.Append(separator).Append(key).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }
        return builder.ToString();
    }
}
