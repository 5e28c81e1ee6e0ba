using System.CommandLine;
using EcsBridge.Commands;

// `ecsbridge` with no verb runs the operator, as the container image does.
var arguments = args.Length == 0 || (args[0].StartsWith('-') && args[0] is not ("-h" or "--help" or "-?" or "--version"))
    ? ["run", .. args]
    : args;

var root = new RootCommand("EcsBridge: AWS ECS task definitions and services on any Kubernetes cluster.");
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(CrdsCommand.Create());
root.Subcommands.Add(VersionCommand.Create());
root.Subcommands.Add(ConvertCommand.Create());
root.Subcommands.Add(RenderCommand.Create());

var parseResult = root.Parse(arguments);
if (parseResult.Errors.Count > 0)
{
    foreach (var error in parseResult.Errors)
    {
        Console.Error.WriteLine("ecsbridge: " + error.Message);
    }
    Console.Error.WriteLine("Run 'ecsbridge --help' for usage.");
    return ExitCodes.Usage;
}
// System.CommandLine's own SIGTERM handling is off: `run`'s host stops gracefully on SIGTERM, and the other verbs end
// on their own in moments.
return await parseResult.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }).ConfigureAwait(false);
