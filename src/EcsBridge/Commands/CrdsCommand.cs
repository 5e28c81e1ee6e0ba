using System.CommandLine;
using EcsBridge.Api.Crds;

namespace EcsBridge.Commands;

/// <summary>`ecsbridge crds`: writes the CRDs generated from the API types into config/crd/bases and
/// charts/ecsbridge/crds under the output root (what `make crds` runs).</summary>
internal static class CrdsCommand
{
    public static Command Create()
    {
        var outputRoot = new Option<string>("--output-root") { Description = "The repository root to write into (default: the current directory).", DefaultValueFactory = _ => "." };
        var command = new Command("crds", "Write the EcsTaskDefinition and EcsService CRDs generated from the API types.") { outputRoot };
        command.SetAction(parse => Run(parse.GetValue(outputRoot) ?? ".", Console.Out, Console.Error));
        return command;
    }

    public static int Run(string outputRoot, TextWriter output, TextWriter error)
    {
        try
        {
            var crds = CrdGenerator.GenerateAll();
            foreach (var directory in CrdGenerator.OutputDirectories)
            {
                var target = Path.Combine(outputRoot, directory);
                Directory.CreateDirectory(target);
                foreach (var crd in crds)
                {
                    var path = Path.Combine(target, crd.FileName);
                    var unchanged = File.Exists(path) && File.ReadAllText(path) == crd.Yaml;
                    if (!unchanged)
                    {
                        File.WriteAllText(path, crd.Yaml);
                    }
                    output.WriteLine($"{(unchanged ? "unchanged" : "wrote")} {Path.Combine(directory, crd.FileName)}");
                }
            }
            return ExitCodes.Ok;
        }
        catch (IOException ex)
        {
            error.WriteLine("ecsbridge: " + ex.Message);
            return ExitCodes.Failure;
        }
        catch (UnauthorizedAccessException ex)
        {
            error.WriteLine("ecsbridge: " + ex.Message);
            return ExitCodes.Failure;
        }
    }
}
