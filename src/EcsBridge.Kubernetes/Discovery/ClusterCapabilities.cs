using System.Globalization;
using System.Text.Json.Nodes;
using EcsBridge.Kubernetes.Http;

namespace EcsBridge.Kubernetes.Discovery;

/// <summary>What the cluster serves, read once through discovery: the server version and, per group/version, its
/// resources. The operator asks it, for example, whether autoscaling/v2 exists or only v2beta2.</summary>
public sealed class ClusterCapabilities
{
    private readonly Dictionary<string, HashSet<string>> _resources;

    private ClusterCapabilities(ServerVersion version, Dictionary<string, HashSet<string>> resources)
    {
        Version = version;
        _resources = resources;
    }

    public ServerVersion Version { get; }

    /// <summary>"v1", "apps/v1", "autoscaling/v2beta2", …</summary>
    public IReadOnlyCollection<string> GroupVersions => _resources.Keys;

    /// <summary>True when the group/version is served and, if given, has that resource (plural, e.g. "deployments";
    /// subresources as "deployments/scale").</summary>
    public bool IsServed(string group, string version, string? resource = null) =>
        _resources.TryGetValue(GroupVersion(group, version), out var names) && (resource is null || names.Contains(resource));

    /// <summary>"v2" when autoscaling/v2 serves HPAs, else "v2beta2", else null.</summary>
    public string? HorizontalPodAutoscalerVersion =>
        IsServed("autoscaling", "v2", "horizontalpodautoscalers") ? "v2"
        : IsServed("autoscaling", "v2beta2", "horizontalpodautoscalers") ? "v2beta2"
        : null;

    public ResourceType? HorizontalPodAutoscalers => HorizontalPodAutoscalerVersion switch
    {
        "v2" => ResourceType.HorizontalPodAutoscalersV2,
        "v2beta2" => ResourceType.HorizontalPodAutoscalersV2Beta2,
        _ => null,
    };

    /// <summary>Reads /version, /api, /apis and every group/version's resource list. A group whose resource
    /// list fails (an aggregated API that is down) is left out rather than failing discovery.</summary>
    public static async Task<ClusterCapabilities> DiscoverAsync(KubeClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var versionNode = await client.GetRawAsync("/version", cancellationToken).ConfigureAwait(false);
        var version = new ServerVersion
        {
            GitVersion = versionNode?["gitVersion"]?.GetValue<string>() ?? "unknown",
            Major = ParseNumber(versionNode?["major"]?.GetValue<string>()),
            Minor = ParseNumber(versionNode?["minor"]?.GetValue<string>()),
        };

        var groupVersions = new List<string>();
        var core = await client.GetRawAsync("/api", cancellationToken).ConfigureAwait(false);
        groupVersions.AddRange(core?["versions"]?.AsArray().Select(v => v!.GetValue<string>()) ?? []);
        var groups = await client.GetRawAsync("/apis", cancellationToken).ConfigureAwait(false);
        foreach (var group in groups?["groups"]?.AsArray() ?? [])
        {
            groupVersions.AddRange(group?["versions"]?.AsArray().Select(v => v!["groupVersion"]!.GetValue<string>()) ?? []);
        }

        var lists = await Task.WhenAll(groupVersions.Select(async gv =>
        {
            try
            {
                var path = gv.Contains('/', StringComparison.Ordinal) ? "/apis/" + gv : "/api/" + gv;
                var list = await client.GetRawAsync(path, cancellationToken).ConfigureAwait(false);
                var names = list?["resources"]?.AsArray().Select(r => r!["name"]!.GetValue<string>()) ?? [];
                return (GroupVersion: gv, Names: (HashSet<string>?)new HashSet<string>(names, StringComparer.Ordinal));
            }
            catch (KubeApiException)
            {
                return (GroupVersion: gv, Names: null);
            }
        })).ConfigureAwait(false);

        var resources = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (gv, names) in lists)
        {
            if (names is not null)
            {
                resources[gv] = names;
            }
        }
        return new ClusterCapabilities(version, resources);
    }

    private static string GroupVersion(string group, string version) => group.Length == 0 ? version : $"{group}/{version}";

    // Some distributions report "20+" as the minor version.
    private static int ParseNumber(string? text) =>
        int.TryParse(new string((text ?? "").TakeWhile(char.IsDigit).ToArray()), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
