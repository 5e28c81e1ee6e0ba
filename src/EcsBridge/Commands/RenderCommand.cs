using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using EcsBridge.Core.Build;
using EcsBridge.Core.Ecs;
using EcsBridge.Kubernetes.Models.Workloads;
using EcsBridge.Output;

namespace EcsBridge.Commands;

/// <summary>`ecsbridge render`: the ControllerRevisions, ServiceAccounts, Deployments, Services and
/// HorizontalPodAutoscalers the operator would write, built offline by the operator's own builders.</summary>
internal static class RenderCommand
{
    /// <summary>Kubernetes serves autoscaling/v2 from 1.23 and native sidecars from 1.29 (on by default).</summary>
    private static readonly Version HpaV2Since = new(1, 23);
    private static readonly Version SidecarsSince = new(1, 29);

    /// <summary>The settings of one run, as the options give them.</summary>
    internal sealed record Settings
    {
        public string? Namespace { get; init; }

        public OutputFormat Output { get; init; } = OutputFormat.Yaml;

        /// <summary>"v2" or "v2beta2"; null follows <see cref="KubernetesVersion"/> (v2 when that is unset too).</summary>
        public string? HpaVersion { get; init; }

        /// <summary>"X.Y" (a leading "v" and a patch number are accepted); null means the newest.</summary>
        public string? KubernetesVersion { get; init; }
    }

    public static Command Create()
    {
        var file = CommandOptions.FileArgument();
        var ns = CommandOptions.NamespaceOption();
        var output = CommandOptions.OutputOption();
        var hpaVersion = new Option<string?>("--hpa-version")
        {
            Description = "The HorizontalPodAutoscaler API: v2 (Kubernetes 1.23+) or v2beta2 (older). Default: from --kubernetes-version, else v2.",
        };
        hpaVersion.AcceptOnlyFromAmong("v2", "v2beta2");
        var kubernetesVersion = new Option<string?>("--kubernetes-version")
        {
            Description = "Render for this Kubernetes version (X.Y): below 1.29 there are no native sidecars, below 1.23 the HPA is v2beta2. Default: the newest.",
        };
        var command = new Command("render", """
            Show the Deployment (or DaemonSet), Service, HorizontalPodAutoscaler and, for a taskRoleArn, the
            ServiceAccount the operator would apply for each EcsService, built offline by the operator's own builders (no cluster needed; no owner references).
            Reads EcsTaskDefinition/EcsService YAML (several documents separated by ---) or any ECS JSON that
            convert reads (it is converted first). Each service's taskDefinition is resolved among the task
            definitions of the same input: "family" takes that family (the highest revision if several are given);
            "family:N" takes the one whose revision is N (status.revision, else the ECS revision of
            describe-task-definition output); if none has revision N, the only task definition of that family is
            used with a note, and with several it is an error. Children are labelled with that revision, or 1 when
            the input gives none (the operator's first revision). Warnings on stderr list what is not honoured.
            Exit codes: 0 rendered, 1 bad input (including a task definition missing from the input), 2 bad usage.
            """)
        {
            file, ns, output, hpaVersion, kubernetesVersion,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = new Settings
            {
                Namespace = parse.GetValue(ns),
                Output = CommandOptions.ParseOutput(parse.GetValue(output)),
                HpaVersion = parse.GetValue(hpaVersion),
                KubernetesVersion = parse.GetValue(kubernetesVersion),
            };
            return await RunAsync(parse.GetValue(file), Console.OpenStandardInput(), Console.Out, Console.Error, settings, cancellationToken)
                .ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>The whole command, testable in-process; returns the exit code.</summary>
    public static async Task<int> RunAsync(string? file, Stream stdin, TextWriter stdout, TextWriter stderr, Settings settings, CancellationToken cancellationToken)
    {
        if (CommandOptions.CheckNamespace(settings.Namespace, "render", stderr) is { } namespaceUsage)
        {
            return namespaceUsage;
        }
        if (!TryBuildOptions(settings, out var buildOptions, out var problem))
        {
            CommandOptions.WriteError(stderr, "render", problem);
            return ExitCodes.Usage;
        }
        RenderResult result;
        try
        {
            var documents = await CommandInput.LoadAsync(file, stdin, cancellationToken).ConfigureAwait(false);
            result = EcsRenderer.Render(documents, new RenderOptions { Namespace = settings.Namespace, Build = buildOptions });
        }
        catch (EcsInputException ex)
        {
            CommandOptions.WriteError(stderr, "render", ex.Message);
            return ExitCodes.Failure;
        }
        foreach (var diagnostic in result.Diagnostics)
        {
            stderr.WriteLine(diagnostic.ToString());
        }
        ObjectWriter.Write(stdout, ToJson(result), settings.Output);
        await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    /// <summary>The revisions the services run, then every child of every service in apply order, parsed from the
    /// operator's canonical JSON.</summary>
    internal static IReadOnlyList<JsonObject> ToJson(RenderResult result) =>
        [
            .. result.Revisions.Select(r => JsonNode.Parse(DesiredStateJson.Serialize(r))!.AsObject()),
            .. result.Services.SelectMany(s => s.CanonicalJson()).Select(json => JsonNode.Parse(json)!.AsObject()),
        ];

    /// <summary>Maps --hpa-version and --kubernetes-version to the builders' options; false with a message on bad usage.</summary>
    internal static bool TryBuildOptions(Settings settings, out BuildOptions options, out string problem)
    {
        options = BuildOptions.Default;
        problem = "";
        Version? version = null;
        if (settings.KubernetesVersion is { } text)
        {
            version = ParseVersion(text);
            if (version is null)
            {
                problem = $"--kubernetes-version '{text}' is not a version like 1.29";
                return false;
            }
        }
        var hpa = settings.HpaVersion switch
        {
            "v2" => HorizontalPodAutoscaler.ApiVersionV2,
            "v2beta2" => HorizontalPodAutoscaler.ApiVersionV2Beta2,
            null => version is not null && version < HpaV2Since ? HorizontalPodAutoscaler.ApiVersionV2Beta2 : HorizontalPodAutoscaler.ApiVersionV2,
            var other => null,
        };
        if (hpa is null)
        {
            problem = $"--hpa-version '{settings.HpaVersion}' must be v2 or v2beta2";
            return false;
        }
        if (hpa == HorizontalPodAutoscaler.ApiVersionV2 && version is not null && version < HpaV2Since)
        {
            problem = $"--hpa-version v2 needs Kubernetes 1.23 or newer, but --kubernetes-version is {settings.KubernetesVersion}";
            return false;
        }
        options = new BuildOptions
        {
            HpaApiVersion = hpa,
            NativeSidecars = version is null || version >= SidecarsSince,
        };
        return true;
    }

    private static Version? ParseVersion(string text)
    {
        var parts = text.Trim().TrimStart('v').Split('.');
        if (parts.Length is < 2 or > 3
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(parts[1].Split('+', '-')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            return null;
        }
        return new Version(major, minor);
    }
}
