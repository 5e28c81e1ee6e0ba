using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace EcsBridge.UnitTests.Install;

/// <summary>Locates and loads the install manifests (config/ and charts/ecsbridge/) from the repository.</summary>
internal static class InstallFiles
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Config => Path.Combine(RepositoryRoot, "config");

    public static string Chart => Path.Combine(RepositoryRoot, "charts", "ecsbridge");

    public static string ChartTemplates => Path.Combine(Chart, "templates");

    /// <summary>Every YAML document in a file, as JSON (scalars typed by the YAML 1.2 core schema).</summary>
    public static IReadOnlyList<JsonNode?> LoadDocuments(string path) => ParseDocuments(File.ReadAllText(path));

    public static IReadOnlyList<JsonNode?> ParseDocuments(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d => YamlJson.ToJson(d.RootNode)).ToList();
    }

    /// <summary>The documents of a file that are objects (skips empty documents).</summary>
    public static IReadOnlyList<JsonObject> LoadObjects(string path) =>
        LoadDocuments(path).OfType<JsonObject>().ToList();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EcsBridge.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("EcsBridge.sln not found above " + AppContext.BaseDirectory);
    }
}
