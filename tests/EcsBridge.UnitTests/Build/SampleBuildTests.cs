using System.Text.Json;
using EcsBridge.Api;
using EcsBridge.Core.Build;
using EcsBridge.UnitTests.Api;

namespace EcsBridge.UnitTests.Build;

/// <summary>The shipped samples (config/samples) build into objects without any note that points at a broken
/// reference: a valid input never yields an Invalid note.</summary>
public sealed class SampleBuildTests
{
    private static readonly string SamplesDirectory = Path.Combine(RepositoryPaths.Root, "config", "samples");

    public static TheoryData<string> SampleFiles() =>
        new(Directory.GetFiles(SamplesDirectory, "ecsbridge.io_*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void Each_sample_builds_a_workload_without_invalid_notes(string fileName)
    {
        var documents = YamlDocuments.Read(File.ReadAllText(Path.Combine(SamplesDirectory, fileName)));
        var taskDefinition = JsonSerializer.Deserialize(documents.Single(d => (string?)d["kind"] == GroupVersion.TaskDefinitionKind).ToJsonString(), ApiJsonContext.Default.EcsTaskDefinition)!;
        var service = JsonSerializer.Deserialize(documents.Single(d => (string?)d["kind"] == GroupVersion.ServiceKind).ToJsonString(), ApiJsonContext.Default.EcsService)!;

        var state = DesiredStateBuilder.Build(service, taskDefinition, 1);

        (state.Deployment ?? (object?)state.DaemonSet).ShouldNotBeNull();
        state.Notes.Where(note => note.Reason == NoteReasons.Invalid).ShouldBeEmpty();
    }
}
