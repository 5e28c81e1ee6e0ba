using System.Globalization;
using EcsBridge.Api.TaskDefinitions;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Build;

/// <summary>One ECS container definition → one Kubernetes container. The classic trap: ECS entryPoint (Docker
/// ENTRYPOINT) is the Kubernetes command, and ECS command (Docker CMD) is the Kubernetes args.</summary>
internal static class ContainerBuilder
{
    private const string SidecarRestartPolicy = "Always";

    public static Container Build(
        PlannedContainer container, string? networkMode, ResourceRequirements resources,
        IReadOnlyList<VolumeMount>? mounts, int? healthCheckGracePeriodSeconds, BuildNotes notes)
    {
        var definition = container.Definition;
        var probes = ProbeBuilder.Build(container, healthCheckGracePeriodSeconds, notes);
        ReportUnsupported(container, notes);
        return new Container
        {
            Name = container.Name,
            Image = definition.Image,
            Command = Canonical.List(definition.EntryPoint?.Select(Canonical.EscapeExpansion)),
            Args = Canonical.List(definition.Command?.Select(Canonical.EscapeExpansion)),
            WorkingDir = Canonical.Text(definition.WorkingDirectory),
            Ports = Ports(container, networkMode, notes),
            Env = Env(container, notes),
            Resources = resources.Requests is null && resources.Limits is null ? null : resources,
            RestartPolicy = container.Role == ContainerRole.Sidecar ? SidecarRestartPolicy : null,
            VolumeMounts = mounts,
            LivenessProbe = probes.Liveness,
            ReadinessProbe = probes.Readiness,
            StartupProbe = probes.Startup,
            SecurityContext = Security(container, notes),
        };
    }

    private static IReadOnlyList<ContainerPort>? Ports(PlannedContainer container, string? networkMode, BuildNotes notes)
    {
        var mappings = container.Definition.PortMappings ?? [];
        var ports = new List<ContainerPort>();
        for (var i = 0; i < mappings.Count; i++)
        {
            var mapping = mappings[i];
            var field = $"{container.Path}.portMappings[{i}]";
            if (mapping.ContainerPortRange is not null)
            {
                notes.TaskDefinition(field + ".containerPortRange", NoteReasons.NotSupported, "Kubernetes ports are single values; the range is not exposed");
            }

            if (mapping.ContainerPort is not { } port)
            {
                continue;
            }

            var protocol = Protocol(mapping.Protocol);
            if (ports.Any(existing => existing.Port == port && existing.Protocol == protocol))
            {
                continue;
            }

            // A fixed host port only exists in bridge mode; in awsvpc and host mode it equals the container port.
            var hostPort = string.Equals(networkMode, "bridge", StringComparison.OrdinalIgnoreCase) && mapping.HostPort is > 0
                ? mapping.HostPort
                : null;
            ports.Add(new ContainerPort
            {
                Name = container.PortNames.GetValueOrDefault(i),
                HostPort = hostPort,
                Port = port,
                Protocol = protocol,
            });
        }

        return Canonical.List(ports);
    }

    public static string Protocol(string? ecsProtocol) =>
        string.Equals(ecsProtocol, "udp", StringComparison.OrdinalIgnoreCase) ? "UDP" : "TCP";

    private static IReadOnlyList<EnvVar>? Env(PlannedContainer container, BuildNotes notes)
    {
        var env = new List<EnvVar>();
        foreach (var variable in container.Definition.Environment ?? [])
        {
            env.Add(new EnvVar { Name = variable.Name, Value = Canonical.Text(variable.Value is null ? null : Canonical.EscapeExpansion(variable.Value)) });
        }

        var secrets = container.Definition.Secrets ?? [];
        var described = new List<string>(secrets.Count);
        for (var index = 0; index < secrets.Count; index++)
        {
            var secret = secrets[index];
            var reference = SecretReference.Parse(secret.ValueFrom);
            env.Add(new EnvVar
            {
                Name = secret.Name,
                ValueFrom = new EnvVarSource { SecretKeyRef = new SecretKeySelector { Name = reference.Name, Key = reference.Key } },
            });
            described.Add($"{secret.Name} from Secret \"{reference.Name}\" key \"{reference.Key}\"");
            if (reference.VersionStage is not null || reference.VersionId is not null)
            {
                // A Kubernetes Secret has one value per key: which version it holds is decided by whatever syncs it.
                var version = string.Join(" and ", new[] { reference.VersionStage is { } stage ? $"version stage \"{stage}\"" : null,
                    reference.VersionId is { } id ? $"version id \"{id}\"" : null }.OfType<string>());
                notes.TaskDefinition($"{container.Path}.secrets[{index.ToString(CultureInfo.InvariantCulture)}].valueFrom", NoteReasons.NotSupported,
                    $"{version} cannot be selected: Secret \"{reference.Name}\" key \"{reference.Key}\" holds whatever version was synced into it");
            }
        }

        if (described.Count > 0)
        {
            notes.TaskDefinition(container.Path + ".secrets", NoteReasons.Convention,
                "read from Kubernetes Secrets in the service's namespace, which must exist: " + string.Join("; ", described));
        }

        return Canonical.List(env);
    }

    private static SecurityContext? Security(PlannedContainer container, BuildNotes notes)
    {
        var definition = container.Definition;
        long? runAsUser = null;
        long? runAsGroup = null;
        if (!string.IsNullOrWhiteSpace(definition.User))
        {
            var parts = definition.User.Split(':', 2);
            if (long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
                && (parts.Length == 1 || long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                runAsUser = uid;
                runAsGroup = parts.Length == 2 ? long.Parse(parts[1], CultureInfo.InvariantCulture) : null;
            }
            else
            {
                notes.TaskDefinition(container.Path + ".user", NoteReasons.NotSupported, $"\"{definition.User}\" is not numeric; Kubernetes runs as numeric ids only, so the image's user is used");
            }
        }

        var capabilities = definition.LinuxParameters?.Capabilities;
        var add = Canonical.List(capabilities?.Add);
        var drop = Canonical.List(capabilities?.Drop);
        var context = new SecurityContext
        {
            Capabilities = add is null && drop is null ? null : new Capabilities { Add = add, Drop = drop },
            Privileged = definition.Privileged,
            RunAsUser = runAsUser,
            RunAsGroup = runAsGroup,
            ReadOnlyRootFilesystem = definition.ReadonlyRootFilesystem,
        };
        return context == new SecurityContext() ? null : context;
    }

    private static void ReportUnsupported(PlannedContainer container, BuildNotes notes)
    {
        var d = container.Definition;
        var path = container.Path;
        void Report(bool present, string field, string message)
        {
            if (present)
            {
                notes.TaskDefinition($"{path}.{field}", NoteReasons.NotSupported, message);
            }
        }

        if (!container.Essential && container.Role == ContainerRole.Regular)
        {
            notes.TaskDefinition(path + ".essential", NoteReasons.Approximated, "ECS leaves a non-essential container that exits stopped and the task keeps serving; Kubernetes restarts it with a growing back-off (10 s doubling to 5 min), and until it runs again the pod is NotReady: the task leaves the Service's endpoints and does not count in runningCount");
        }

        Report(d.RepositoryCredentials is not null, "repositoryCredentials", "images are pulled with the cluster's or the ServiceAccount's image pull secrets");
        Report(d.EnvironmentFiles is { Count: > 0 }, "environmentFiles", "S3 environment files are not read");
        Report(d.Ulimits is { Count: > 0 }, "ulimits", "Kubernetes has no per-container ulimits");
        Report(d.LogConfiguration is not null, "logConfiguration", "logs go to stdout/stderr and the cluster's log collection");
        Report(d.FirelensConfiguration is not null, "firelensConfiguration", "FireLens has no Kubernetes equivalent");
        Report(d.SystemControls is { Count: > 0 }, "systemControls", "sysctls are not set");
        Report(d.Interactive == true, "interactive", "stdin is not kept open");
        Report(d.PseudoTerminal == true, "pseudoTerminal", "no TTY is allocated");
        Report(d.DisableNetworking == true, "disableNetworking", "containers of a pod always share its network");
        Report(d.Links is { Count: > 0 }, "links", "containers of a pod reach each other on localhost; Services replace links");
        Report(d.DockerSecurityOptions is { Count: > 0 }, "dockerSecurityOptions", "Docker security options are not translated");
        Report(d.RestartPolicy is not null, "restartPolicy", "containers are always restarted in place");
        Report(d.StartTimeout is not null, "startTimeout", "Kubernetes waits for dependencies without a time limit");
        Report(d.CredentialSpecs is { Count: > 0 }, "credentialSpecs", "Windows gMSA credential specs are not supported");
        Report(d.VersionConsistency is not null, "versionConsistency", "image tags are resolved by the kubelet's pull policy");
        var linux = d.LinuxParameters;
        Report(linux?.InitProcessEnabled == true, "linuxParameters.initProcessEnabled", "no init process is injected");
        Report(linux?.Devices is { Count: > 0 }, "linuxParameters.devices", "host devices need a device plugin");
        Report(linux?.MaxSwap is not null, "linuxParameters.maxSwap", "swap is not configurable per container");
        Report(linux?.Swappiness is not null, "linuxParameters.swappiness", "swappiness is not configurable per container");
    }
}
