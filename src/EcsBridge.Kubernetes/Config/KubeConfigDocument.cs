using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EcsBridge.Kubernetes.Config;

/// <summary>One named kubeconfig entry (cluster, user or context) and the file it came from, which relative
/// paths in it are resolved against.</summary>
internal sealed record KubeConfigEntry(string Name, YamlMappingNode Body, string File)
{
    public string BaseDirectory => Path.GetDirectoryName(Path.GetFullPath(File)) ?? ".";

    public string ResolvePath(string path) => Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(BaseDirectory, path));
}

/// <summary>Several kubeconfig files merged the way kubectl merges them: the first file to define a name keeps
/// it, and the first non-empty current-context wins.</summary>
internal sealed class KubeConfigDocument
{
    public Dictionary<string, KubeConfigEntry> Clusters { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, KubeConfigEntry> Users { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, KubeConfigEntry> Contexts { get; } = new(StringComparer.Ordinal);

    public string? CurrentContext { get; private set; }

    public List<string> Files { get; } = [];

    public string Describe() => Files.Count == 1 ? Files[0] : string.Join(Path.PathSeparator, Files);

    /// <summary>Adds one file's content; entries already defined by an earlier file are kept.</summary>
    public void Merge(string file, string text)
    {
        Files.Add(file);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new KubeConfigException($"kubeconfig {file} is not valid YAML (line {ex.Start.Line}): {ex.Message}", ex);
        }
        if (stream.Documents.Count == 0)
        {
            return;
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            if (stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            {
                return;
            }
            throw new KubeConfigException($"kubeconfig {file} is not a kubeconfig (expected a mapping with clusters, users and contexts)");
        }
        AddEntries(root, "clusters", "cluster", file, Clusters);
        AddEntries(root, "users", "user", file, Users);
        AddEntries(root, "contexts", "context", file, Contexts);
        if (CurrentContext is null && root.String("current-context") is { } current)
        {
            CurrentContext = current;
        }
    }

    private static void AddEntries(YamlMappingNode root, string listKey, string bodyKey, string file, Dictionary<string, KubeConfigEntry> target)
    {
        foreach (var item in root.Sequence(listKey))
        {
            if (item is not YamlMappingNode entry || entry.String("name") is not { } name)
            {
                throw new KubeConfigException($"kubeconfig {file}: an entry under {listKey} has no name");
            }
            target.TryAdd(name, new KubeConfigEntry(name, entry.Map(bodyKey) ?? new YamlMappingNode(), file));
        }
    }
}
