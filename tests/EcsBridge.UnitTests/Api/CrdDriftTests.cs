using EcsBridge.Api.Crds;
using EcsBridge.Commands;

namespace EcsBridge.UnitTests.Api;

/// <summary>The committed CRD files must be exactly what the C# types generate. To regenerate after changing
/// src/EcsBridge.Api: `make crds` (or `ECSBRIDGE_UPDATE_CRDS=1 dotnet test --filter CrdDriftTests`).</summary>
public sealed class CrdDriftTests
{
    public static TheoryData<string, string> Files()
    {
        var data = new TheoryData<string, string>();
        foreach (var directory in CrdGenerator.OutputDirectories)
        {
            foreach (var crd in CrdGenerator.GenerateAll())
            {
                data.Add(directory, crd.FileName);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Committed_crd_file_matches_what_the_types_generate(string directory, string fileName)
    {
        if (Environment.GetEnvironmentVariable("ECSBRIDGE_UPDATE_CRDS") == "1")
        {
            CrdsCommand.Run(RepositoryPaths.Root, TextWriter.Null, TextWriter.Null).ShouldBe(0);
        }
        var expected = CrdGenerator.GenerateAll().Single(c => c.FileName == fileName).Yaml;
        var path = Path.Combine(RepositoryPaths.Root, directory, fileName);
        File.Exists(path).ShouldBeTrue($"{directory}/{fileName} is missing; run `make crds`");
        var committed = File.ReadAllText(path);
        committed.ShouldBe(expected, $"{directory}/{fileName} is out of date with src/EcsBridge.Api; run `make crds` and commit the result");
    }

    [Fact]
    public void Generating_twice_gives_identical_text()
    {
        var first = CrdGenerator.GenerateAll().Select(c => c.Yaml).ToList();
        var second = CrdGenerator.GenerateAll().Select(c => c.Yaml).ToList();
        second.ShouldBe(first);
    }

    [Fact]
    public void Crds_command_writes_every_file_into_both_directories()
    {
        var root = Directory.CreateTempSubdirectory("ecsbridge-crds-").FullName;
        try
        {
            using var output = new StringWriter();
            CrdsCommand.Run(root, output, TextWriter.Null).ShouldBe(0);
            foreach (var directory in CrdGenerator.OutputDirectories)
            {
                foreach (var crd in CrdGenerator.GenerateAll())
                {
                    File.ReadAllText(Path.Combine(root, directory, crd.FileName)).ShouldBe(crd.Yaml);
                }
            }
            CrdsCommand.Run(root, output, TextWriter.Null).ShouldBe(0);
            output.ToString().ShouldContain("unchanged config/crd/bases/ecsbridge.io_ecsservices.yaml");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
