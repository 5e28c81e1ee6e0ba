using System.CommandLine;
using EcsBridge.Core.Ecs;

namespace EcsBridge.Output;

/// <summary>The FILE argument and options convert and render share, and how they report errors.</summary>
public static class CommandOptions
{
    /// <summary>Exit code for bad usage (the same value as the host's ExitCodes.Usage).</summary>
    private const int UsageExitCode = 2;

    public static Argument<string?> FileArgument()
    {
        var argument = new Argument<string?>("FILE")
        {
            Description = "The input file; - or nothing reads stdin.",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => CommandInput.StandardInput,
        };
        // An unknown option would otherwise be taken for the file name ("--no-such-flag: no such file").
        argument.Validators.Add(result =>
        {
            if (result.Tokens is [{ Value: [ '-', _, .. ] value }])
            {
                result.AddError($"Unrecognized option '{value}' (a file whose name starts with '-' can be given as ./{value}).");
            }
        });
        return argument;
    }

    public static Option<string?> NamespaceOption() => new("--namespace", "-n")
    {
        Description = "Set metadata.namespace of every object (the namespace plays the ECS cluster's role).",
    };

    public static Option<string> OutputOption()
    {
        var option = new Option<string>("--output", "-o")
        {
            Description = "yaml (multi-document, the default) or json (a v1 List).",
            DefaultValueFactory = _ => "yaml",
        };
        option.AcceptOnlyFromAmong("yaml", "json");
        return option;
    }

    public static OutputFormat ParseOutput(string? value) =>
        string.Equals(value, "json", StringComparison.OrdinalIgnoreCase) ? OutputFormat.Json : OutputFormat.Yaml;

    /// <summary>Null when the namespace is absent or a valid DNS-1123 label; else writes the error and returns the usage exit code.</summary>
    public static int? CheckNamespace(string? ns, string verb, TextWriter stderr)
    {
        if (ns is null || ns.Length <= 63 && EcsNames.IsObjectName(ns))
        {
            return null;
        }
        WriteError(stderr, verb, $"--namespace '{ns}' is not a valid namespace name (lower-case letters, digits and '-', at most 63)");
        return UsageExitCode;
    }

    /// <summary>Writes an error (possibly several lines) as "error: …" lines.</summary>
    public static void WriteError(TextWriter stderr, string verb, string message)
    {
        foreach (var line in message.Split('\n'))
        {
            stderr.WriteLine($"ecsbridge {verb}: error: {line}");
        }
    }
}
