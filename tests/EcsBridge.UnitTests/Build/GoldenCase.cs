using System.Text.Json;
using System.Text.Json.Nodes;
using EcsBridge.Api;
using EcsBridge.Core.Build;

namespace EcsBridge.UnitTests.Build;

/// <summary>One folder under Build/testdata: input/{taskdefinition,service}.json (the custom resources as a user would
/// apply them), optional input/options.json ({revision, hpaApiVersion, nativeSidecars, ownerUid}), and expected/
/// with one file per desired child plus summary.txt (selector, service account, notes).</summary>
internal sealed record GoldenCase(string Name, string Directory)
{
    public static string Root { get; } = FindRoot();

    public static IEnumerable<string> Names() =>
        System.IO.Directory.GetDirectories(Root).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public static GoldenCase Load(string name) => new(name, Path.Combine(Root, name));

    public string InputPath(string file) => Path.Combine(Directory, "input", file);

    public string ExpectedPath(string file) => Path.Combine(Directory, "expected", file);

    public DesiredState Build() => Build(null);

    /// <summary>The case's input built for a cluster with <paramref name="cluster"/>'s abilities instead of its own options.</summary>
    public DesiredState BuildWith(BuildOptions cluster) => Build(cluster);

    private DesiredState Build(BuildOptions? cluster)
    {
        var taskDefinition = JsonSerializer.Deserialize(File.ReadAllText(InputPath("taskdefinition.json")), ApiJsonContext.Default.EcsTaskDefinition)!;
        var service = JsonSerializer.Deserialize(File.ReadAllText(InputPath("service.json")), ApiJsonContext.Default.EcsService)!;
        var revision = 1;
        var options = BuildOptions.Default;
        if (File.Exists(InputPath("options.json")))
        {
            var node = JsonNode.Parse(File.ReadAllText(InputPath("options.json")))!.AsObject();
            revision = node["revision"]?.GetValue<int>() ?? revision;
            options = options with
            {
                HpaApiVersion = node["hpaApiVersion"]?.GetValue<string>() ?? options.HpaApiVersion,
                NativeSidecars = node["nativeSidecars"]?.GetValue<bool>() ?? options.NativeSidecars,
                OwnerUid = node["ownerUid"]?.GetValue<string>(),
            };
        }

        return DesiredStateBuilder.Build(service, taskDefinition, revision, cluster ?? options);
    }

    /// <summary>The files expected for a state: file name → content (null = the object must not exist).</summary>
    public static IReadOnlyDictionary<string, string?> Render(DesiredState state) => new SortedDictionary<string, string?>(StringComparer.Ordinal)
    {
        ["deployment.json"] = Json(state.Deployment),
        ["daemonset.json"] = Json(state.DaemonSet),
        ["service.json"] = Json(state.Service),
        ["hpa.json"] = Json(state.Hpa),
        ["serviceaccount.json"] = Json(state.ServiceAccount),
        ["summary.txt"] = Summary(state),
    };

    private static string? Json(EcsBridge.Kubernetes.Models.IKubernetesObject? value) =>
        value is null ? null : DesiredStateJson.SerializeIndented(value) + "\n";

    private static string Summary(DesiredState state)
    {
        var lines = new List<string>
        {
            $"selector: {state.Selector}",
            $"serviceAccountName: {state.ServiceAccount?.Metadata.Name ?? "-"}",
            $"taskRoleArn: {(state.ServiceAccount?.Metadata.Annotations?.TryGetValue("eks.amazonaws.com/role-arn", out var role) == true ? role : "-")}",
            "notes:",
        };
        lines.AddRange(state.Notes.Select(note => $"- [{note.Reason}] {note.Field}: {note.Message}"));
        return string.Join('\n', lines) + "\n";
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EcsBridge.sln")))
            {
                return Path.Combine(directory.FullName, "tests", "EcsBridge.UnitTests", "Build", "testdata");
            }
        }

        throw new InvalidOperationException("EcsBridge.sln not found above " + AppContext.BaseDirectory);
    }
}
