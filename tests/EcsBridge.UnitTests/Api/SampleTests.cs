using System.Text.Json;
using EcsBridge.Api;
using EcsBridge.Core.Validation;

namespace EcsBridge.UnitTests.Api;

/// <summary>The samples in config/samples are valid for EcsBridge's own validation (the integration tests show
/// the API server accepts them too).</summary>
public sealed class SampleTests
{
    private static readonly string SamplesDirectory = Path.Combine(RepositoryPaths.Root, "config", "samples");

    public static TheoryData<string> SampleFiles() =>
        new(Directory.GetFiles(SamplesDirectory, "ecsbridge.io_*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void Each_sample_holds_a_task_definition_and_a_service_that_validate_without_errors(string fileName)
    {
        var documents = YamlDocuments.Read(File.ReadAllText(Path.Combine(SamplesDirectory, fileName)));
        var taskDefinition = JsonSerializer.Deserialize(documents.Single(d => (string?)d["kind"] == GroupVersion.TaskDefinitionKind).ToJsonString(), ApiJsonContext.Default.EcsTaskDefinition)!;
        var service = JsonSerializer.Deserialize(documents.Single(d => (string?)d["kind"] == GroupVersion.ServiceKind).ToJsonString(), ApiJsonContext.Default.EcsService)!;

        var taskResult = TaskDefinitionValidator.Validate(taskDefinition.Spec, taskDefinition.Metadata.Name);
        taskResult.Errors.ShouldBeEmpty(string.Join("; ", taskResult.Errors));
        var serviceResult = ServiceValidator.Validate(service.Spec, taskDefinition.Spec, service.Metadata.Name);
        serviceResult.Errors.ShouldBeEmpty(string.Join("; ", serviceResult.Errors));
        TaskDefinitionReference.TryParse(service.Spec.TaskDefinition, out var reference).ShouldBeTrue();
        reference.Family.ShouldBe(taskDefinition.Metadata.Name);
    }

    [Fact]
    public void The_samples_kustomization_lists_every_sample_file()
    {
        var kustomization = File.ReadAllText(Path.Combine(SamplesDirectory, "kustomization.yaml"));
        foreach (var file in Directory.GetFiles(SamplesDirectory, "ecsbridge.io_*.yaml"))
        {
            kustomization.ShouldContain("- " + Path.GetFileName(file));
        }
    }
}
