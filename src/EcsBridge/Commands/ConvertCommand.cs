using System.CommandLine;
using System.Text.Json.Nodes;
using EcsBridge.Core.Ecs;
using EcsBridge.Output;

namespace EcsBridge.Commands;

/// <summary>`ecsbridge convert`: AWS ECS JSON → EcsTaskDefinition / EcsService objects for `kubectl apply`.</summary>
internal static class ConvertCommand
{
    /// <summary>The settings of one run, as the options give them.</summary>
    internal sealed record Settings
    {
        public string? Namespace { get; init; }

        public OutputFormat Output { get; init; } = OutputFormat.Yaml;
    }

    public static Command Create()
    {
        var file = CommandOptions.FileArgument();
        var ns = CommandOptions.NamespaceOption();
        var output = CommandOptions.OutputOption();
        var command = new Command("convert", """
            Convert AWS ECS JSON into EcsTaskDefinition and EcsService objects, ready for kubectl apply.
            Reads describe-task-definition output, a register-task-definition --cli-input-json file, a bare
            containerDefinitions array (the family is then the first container's name), describe-services
            output (failures are ignored with a note), a create-service --cli-input-json file, Application Auto
            Scaling describe-scalable-targets / describe-scaling-policies output (attached to the service they
            name), EcsBridge YAML, or several of these: a JSON array of documents, documents concatenated in one
            stream, or YAML documents separated by ---. Names become DNS-1123 names (the original is kept in an
            annotation); read-only ECS fields are dropped; every field that will not be honoured on Kubernetes is
            listed on stderr as "warning: <path>: <reason>". Input larger than 8 MiB is refused.
            Exit codes: 0 converted (warnings may be printed), 1 bad input, 2 bad usage.
            """)
        {
            file, ns, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new Settings
            {
                Namespace = parse.GetValue(ns),
                Output = CommandOptions.ParseOutput(parse.GetValue(output)),
            };
            return await RunAsync(parse.GetValue(file), Console.OpenStandardInput(), Console.Out, Console.Error, settings, cancellationToken)
                .ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>The whole command, testable in-process: reads FILE (or <paramref name="stdin"/> for "-"), writes
    /// the objects to <paramref name="stdout"/> and diagnostics to <paramref name="stderr"/>, returns the exit code.</summary>
    public static async Task<int> RunAsync(string? file, Stream stdin, TextWriter stdout, TextWriter stderr, Settings settings, CancellationToken cancellationToken)
    {
        if (CommandOptions.CheckNamespace(settings.Namespace, "convert", stderr) is { } usage)
        {
            return usage;
        }
        ConversionResult result;
        try
        {
            var documents = await CommandInput.LoadAsync(file, stdin, cancellationToken).ConfigureAwait(false);
            result = EcsConverter.Convert(documents, new ConvertOptions { Namespace = settings.Namespace });
        }
        catch (EcsInputException ex)
        {
            CommandOptions.WriteError(stderr, "convert", ex.Message);
            return ExitCodes.Failure;
        }
        foreach (var diagnostic in result.Diagnostics)
        {
            stderr.WriteLine(diagnostic.ToString());
        }
        ObjectWriter.Write(stdout, ToApplyable(result.Objects), settings.Output);
        await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    /// <summary>The objects as kubectl apply wants them: no status (the operator owns it).</summary>
    internal static IReadOnlyList<JsonObject> ToApplyable(IEnumerable<object> objects) =>
        [.. objects.Select(o =>
        {
            var json = EcsConverter.ToJson(o);
            json.Remove("status");
            return json;
        })];
}
