using System.Globalization;
using EcsBridge.Api;
using EcsBridge.Api.TaskDefinitions;

namespace EcsBridge.Core.Validation;

/// <summary>The per-container checks of <see cref="TaskDefinitionValidator"/>.</summary>
internal static class ContainerRules
{
    /// <summary>ECS's rule for container names: up to 255 ASCII letters, digits, underscores and hyphens.</summary>
    private static bool IsEcsContainerName(string name) =>
        name.Length is > 0 and <= 255 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    public static void Check(EcsTaskDefinitionSpec spec, IReadOnlyList<ContainerDefinition> containers, HashSet<string> volumeNames, IssueCollector issues)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var containerPorts = new Dictionary<(int Port, string Protocol), string>();
        var hostPorts = new Dictionary<(int Port, string Protocol), string>();
        string? hostname = null;
        var containerNames = containers.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var kubernetesNames = Build.ContainerNames.Assign(containers);

        for (var i = 0; i < containers.Count; i++)
        {
            var container = containers[i];
            var path = $"spec.containerDefinitions[{i}]";
            if (!names.Add(container.Name))
            {
                issues.Error(path + ".name", ValidationReasons.DuplicateContainerName, $"container name '{container.Name}' is used more than once");
            }
            else if (!IsEcsContainerName(container.Name))
            {
                issues.Error(path + ".name", ValidationReasons.InvalidContainerName,
                    $"container name '{container.Name}' is not valid in ECS: up to 255 letters (A-Z, a-z), digits, '_' and '-'");
            }
            else if (kubernetesNames[i] != container.Name)
            {
                // ECS allows '_' and capitals (FireLens's `log_router`); the pod gets a DNS-1123 label instead.
                issues.Warn(path + ".name", ValidationReasons.Approximated, Build.ContainerNames.Explain(container.Name, kubernetesNames[i]));
            }
            if (container.Memory is { } memory && container.MemoryReservation is { } reservation && reservation > memory)
            {
                issues.Error(path + ".memoryReservation", ValidationReasons.MemoryReservationAboveMemory,
                    $"memoryReservation {reservation} MiB is above memory {memory} MiB (the hard limit)");
            }
            if (container.Essential == false)
            {
                issues.Warn(path + ".essential", ValidationReasons.Approximated,
                    "a non-essential container runs like the others: Kubernetes restarts it when it exits instead of letting it stop");
            }
            CheckPorts(spec, container, path, containerPorts, hostPorts, issues);
            CheckMounts(container, path, volumeNames, containerNames, issues);
            CheckHealthCheck(container, path, issues);
            for (var r = 0; r < (container.ResourceRequirements?.Count ?? 0); r++)
            {
                var requirement = container.ResourceRequirements![r];
                if (requirement.Type == "GPU" && (!int.TryParse(requirement.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var gpus) || gpus < 1))
                {
                    issues.Error($"{path}.resourceRequirements[{r}].value", ValidationReasons.InvalidGpuCount, $"GPU count '{requirement.Value}' must be a positive whole number");
                }
                else if (requirement.Type != "GPU")
                {
                    issues.NotSupported($"{path}.resourceRequirements[{r}]", "inference accelerators do not exist on Kubernetes");
                }
            }
            if (container.Hostname is { } name)
            {
                if (hostname is not null && hostname != name)
                {
                    issues.Warn(path + ".hostname", ValidationReasons.Approximated, $"the pod has one hostname; '{hostname}' from an earlier container is used");
                }
                hostname ??= name;
            }
            Reports(container, path, issues);
        }

        if (containers.Count > 0 && containers.All(c => c.Essential == false))
        {
            issues.Error("spec.containerDefinitions", ValidationReasons.NoEssentialContainer, "at least one container must be essential (essential defaults to true)");
        }
    }

    private static void CheckPorts(EcsTaskDefinitionSpec spec, ContainerDefinition container, string path,
        Dictionary<(int, string), string> containerPorts, Dictionary<(int, string), string> hostPorts, IssueCollector issues)
    {
        for (var p = 0; p < (container.PortMappings?.Count ?? 0); p++)
        {
            var mapping = container.PortMappings![p];
            var portPath = $"{path}.portMappings[{p}]";
            var protocol = mapping.Protocol ?? "tcp";
            if (mapping.ContainerPortRange is not null)
            {
                issues.NotSupported(portPath + ".containerPortRange", "Kubernetes ports are single values; the range is not exposed");
            }
            if (mapping.ContainerPort is not { } port)
            {
                if (mapping.ContainerPortRange is null)
                {
                    issues.Error(portPath + ".containerPort", ValidationReasons.MissingContainerPort, "a port mapping needs containerPort (or containerPortRange)");
                }
                continue;
            }
            // All containers of a pod share one network namespace, so a port can be taken only once per task.
            if (containerPorts.TryGetValue((port, protocol), out var owner))
            {
                issues.Error(portPath + ".containerPort", ValidationReasons.PortConflict,
                    $"{protocol} port {port} is already used by {owner}; containers of a pod share one network namespace");
            }
            else
            {
                containerPorts[(port, protocol)] = portPath;
            }
            if (mapping.HostPort is { } hostPort and > 0)
            {
                if (spec.NetworkMode is "awsvpc" or "host" && hostPort != port)
                {
                    issues.Error(portPath + ".hostPort", ValidationReasons.HostPortMismatch, $"with networkMode {spec.NetworkMode} hostPort must equal containerPort ({port}) or be omitted");
                }
                if (hostPorts.TryGetValue((hostPort, protocol), out var hostOwner))
                {
                    issues.Error(portPath + ".hostPort", ValidationReasons.HostPortConflict, $"{protocol} host port {hostPort} is already used by {hostOwner}");
                }
                else
                {
                    hostPorts[(hostPort, protocol)] = portPath;
                }
            }
        }
    }

    private static void CheckMounts(ContainerDefinition container, string path, HashSet<string> volumeNames, HashSet<string> containerNames, IssueCollector issues)
    {
        for (var m = 0; m < (container.MountPoints?.Count ?? 0); m++)
        {
            var mount = container.MountPoints![m];
            var mountPath = $"{path}.mountPoints[{m}]";
            if (mount.SourceVolume is null || mount.ContainerPath is null)
            {
                issues.Error(mountPath, ValidationReasons.MissingField, "a mount point needs sourceVolume and containerPath");
            }
            else if (!volumeNames.Contains(mount.SourceVolume))
            {
                issues.Error(mountPath + ".sourceVolume", ValidationReasons.UnknownVolume, $"volume '{mount.SourceVolume}' is not in spec.volumes");
            }
        }
        for (var v = 0; v < (container.VolumesFrom?.Count ?? 0); v++)
        {
            var source = container.VolumesFrom![v].SourceContainer;
            if (source is null || !containerNames.Contains(source) || source == container.Name)
            {
                issues.Error($"{path}.volumesFrom[{v}].sourceContainer", ValidationReasons.UnknownContainer, $"'{source}' is not another container of the task");
            }
        }
    }

    private static void CheckHealthCheck(ContainerDefinition container, string path, IssueCollector issues)
    {
        if (container.HealthCheck is not { } check)
        {
            return;
        }
        var command = check.Command ?? [];
        var valid = command.Count switch
        {
            0 => false,
            _ when command[0] == "NONE" => true,
            _ when command[0] is "CMD" or "CMD-SHELL" => command.Count >= 2,
            _ => false,
        };
        if (!valid)
        {
            issues.Error(path + ".healthCheck.command", ValidationReasons.InvalidHealthCheckCommand,
                "the health check command must be [\"CMD\", executable, args...] or [\"CMD-SHELL\", \"script\"]");
        }
    }

    private static void Reports(ContainerDefinition container, string path, IssueCollector issues)
    {
        if (container.RepositoryCredentials is not null)
        {
            issues.NotSupported(path + ".repositoryCredentials", "registry credentials come from the cluster's image pull secrets, not Secrets Manager");
        }
        if (container.EnvironmentFiles is { Count: > 0 })
        {
            issues.NotSupported(path + ".environmentFiles", "S3 environment files are not read; put the variables in environment or a Secret");
        }
        if (container.User is { } user && !IsNumericUser(user))
        {
            issues.NotSupported(path + ".user", $"user '{user}' is a name; Kubernetes runAsUser/runAsGroup take numeric ids only, so the image's user is used");
        }
        if (container.LinuxParameters is { } linux)
        {
            if (linux.InitProcessEnabled == true)
            {
                issues.NotSupported(path + ".linuxParameters.initProcessEnabled", "no init process is injected; the container's command is PID 1");
            }
            if (linux.Devices is { Count: > 0 })
            {
                issues.NotSupported(path + ".linuxParameters.devices", "host devices are not mapped (use a device plugin)");
            }
            if (linux.MaxSwap is not null)
            {
                issues.NotSupported(path + ".linuxParameters.maxSwap", "swap is not configurable per container");
            }
            if (linux.Swappiness is not null)
            {
                issues.NotSupported(path + ".linuxParameters.swappiness", "swappiness is not configurable per container");
            }
        }
        ReportIf(container.Ulimits is { Count: > 0 }, path + ".ulimits", "Kubernetes has no per-container ulimits; the node's defaults apply", issues);
        if (container.LogConfiguration is { } log)
        {
            issues.NotSupported(path + ".logConfiguration", $"log driver {log.LogDriver} is not used; logs go to stdout/stderr and the cluster's log collection");
        }
        ReportIf(container.FirelensConfiguration is not null, path + ".firelensConfiguration", "the FireLens log router is not configured", issues);
        ReportIf(container.SystemControls is { Count: > 0 }, path + ".systemControls", "sysctls are not set", issues);
        ReportIf(container.Interactive == true, path + ".interactive", "stdin is not kept open", issues);
        ReportIf(container.PseudoTerminal == true, path + ".pseudoTerminal", "no TTY is allocated", issues);
        ReportIf(container.DisableNetworking == true, path + ".disableNetworking", "networking cannot be turned off for one container of a pod", issues);
        ReportIf(container.Links is { Count: > 0 }, path + ".links", "links are not needed: containers of a pod reach each other on localhost", issues);
        ReportIf(container.DockerSecurityOptions is { Count: > 0 }, path + ".dockerSecurityOptions", "Docker security options are not applied", issues);
        ReportIf(container.RestartPolicy is not null, path + ".restartPolicy", "Kubernetes restarts the containers of a Deployment whenever they exit", issues);
        ReportIf(container.VersionConsistency is not null, path + ".versionConsistency", "image tags are pulled as the kubelet does; they are not pinned to digests", issues);
        ReportIf(container.CredentialSpecs is { Count: > 0 }, path + ".credentialSpecs", "Windows gMSA credential specs are not applied", issues);
    }

    private static void ReportIf(bool condition, string path, string message, IssueCollector issues)
    {
        if (condition)
        {
            issues.NotSupported(path, message);
        }
    }

    /// <summary>uid or uid:gid, both numeric.</summary>
    internal static bool IsNumericUser(string user)
    {
        var parts = user.Split(':');
        return parts.Length <= 2 && parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit));
    }
}
