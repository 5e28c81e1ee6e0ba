using System.Text.RegularExpressions;
using EcsBridge.Api;
using EcsBridge.Api.TaskDefinitions;

namespace EcsBridge.Core.Validation;

/// <summary>Validates an EcsTaskDefinition spec: errors for what ECS (or Kubernetes) would reject, warnings for
/// every field that is accepted but not honoured (the "report" rows of the mapping).</summary>
public static partial class TaskDefinitionValidator
{
    /// <param name="spec">The spec to check.</param>
    /// <param name="objectName">metadata.name, when known: the family must equal it.</param>
    public static ValidationResult Validate(EcsTaskDefinitionSpec spec, string? objectName = null)
    {
        var issues = new IssueCollector();
        CheckFamily(spec, objectName, issues);
        var containers = spec.ContainerDefinitions ?? [];
        var volumeNames = CheckVolumes(spec.Volumes ?? [], issues);
        CheckTaskSize(spec, containers, issues);
        ContainerRules.Check(spec, containers, volumeNames, issues);
        DependencyRules.Check(containers, issues);
        CheckTaskLevelReports(spec, issues);
        return issues.ToResult();
    }

    private static void CheckFamily(EcsTaskDefinitionSpec spec, string? objectName, IssueCollector issues)
    {
        var family = spec.Family ?? objectName;
        if (family is not null && !KubernetesNames.IsDns1123Label(family))
        {
            issues.Error(spec.Family is null ? "metadata.name" : "spec.family", ValidationReasons.InvalidName,
                $"family '{family}' must be a DNS-1123 label here (lower-case letters, digits and '-', at most 63 characters); ECS also allows '_' and capitals");
        }
        if (spec.Family is not null && objectName is not null && spec.Family != objectName)
        {
            issues.Error("spec.family", ValidationReasons.NameMismatch,
                $"family '{spec.Family}' differs from metadata.name '{objectName}'; the object name is the family (omit family or make them equal)");
        }
    }

    private static HashSet<string> CheckVolumes(IReadOnlyList<TaskVolume> volumes, IssueCollector issues)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < volumes.Count; i++)
        {
            var volume = volumes[i];
            var path = $"spec.volumes[{i}]";
            if (!names.Add(volume.Name))
            {
                issues.Error(path + ".name", ValidationReasons.DuplicateVolumeName, $"volume name '{volume.Name}' is used more than once");
            }
            if (volume.DockerVolumeConfiguration is { } docker)
            {
                if (docker.Driver is not null || docker.DriverOpts is { Count: > 0 } || docker.Labels is { Count: > 0 })
                {
                    issues.NotSupported(path + ".dockerVolumeConfiguration", "the Docker volume driver, its options and labels are not used; the cluster's storage decides");
                }
            }
            if (volume.EfsVolumeConfiguration is not null)
            {
                issues.Warn(path + ".efsVolumeConfiguration", ValidationReasons.Approximated,
                    "becomes a PersistentVolumeClaim named after the volume; the file system id, access point and encryption settings are not used (the cluster's storage class decides)");
            }
            if (volume.S3filesVolumeConfiguration is not null)
            {
                issues.Warn(path + ".s3filesVolumeConfiguration", ValidationReasons.Approximated,
                    "becomes a PersistentVolumeClaim named after the volume; the S3 Files file system, access point and root directory are not used (the cluster's storage class decides)");
            }
            if (volume.FsxWindowsFileServerVolumeConfiguration is not null)
            {
                issues.Warn(path + ".fsxWindowsFileServerVolumeConfiguration", ValidationReasons.Approximated,
                    "becomes a PersistentVolumeClaim named after the volume; the FSx file system id and credentials are not used");
            }
            if (volume.ConfiguredAtLaunch == true)
            {
                issues.NotSupported(path + ".configuredAtLaunch", "volumes configured at launch (EBS) are not provided; the volume is scratch space (emptyDir)");
            }
        }
        return names;
    }

    private static void CheckTaskSize(EcsTaskDefinitionSpec spec, IReadOnlyList<ContainerDefinition> containers, IssueCollector issues)
    {
        int? cpu = null;
        int? memory = null;
        if (spec.Cpu is not null)
        {
            if (EcsUnits.TryParseTaskCpu(spec.Cpu, out var units))
            {
                cpu = units;
            }
            else
            {
                issues.Error("spec.cpu", ValidationReasons.InvalidTaskCpu, $"'{spec.Cpu}' is not a task cpu; use CPU units (\"256\") or vCPU (\"1 vCPU\", \".25 vCPU\")");
            }
        }
        if (spec.Memory is not null)
        {
            if (EcsUnits.TryParseTaskMemory(spec.Memory, out var mebibytes))
            {
                memory = mebibytes;
            }
            else
            {
                issues.Error("spec.memory", ValidationReasons.InvalidTaskMemory, $"'{spec.Memory}' is not a task memory; use MiB (\"512\") or GB (\"0.5GB\", \"2 GB\")");
            }
        }

        var fargate = spec.RequiresCompatibilities?.Contains("FARGATE") == true;
        if (fargate)
        {
            if (spec.Cpu is null || spec.Memory is null)
            {
                issues.Error(spec.Cpu is null ? "spec.cpu" : "spec.memory", ValidationReasons.MissingField,
                    "FARGATE task definitions need both task cpu and task memory");
            }
            else if (cpu is { } c && memory is { } m && !EcsUnits.IsValidFargateSize(c, m))
            {
                var options = EcsUnits.FargateMemoryOptions(c);
                var hint = options.Count == 0
                    ? "Fargate task cpu is one of 256, 512, 1024, 2048, 4096, 8192, 16384"
                    : $"with cpu {c} Fargate allows memory {options[0]}-{options[^1]} MiB ({string.Join(", ", options.Take(8))}{(options.Count > 8 ? ", ..." : "")})";
                issues.Error("spec.memory", ValidationReasons.InvalidFargateSize, $"cpu {c} units with memory {m} MiB is not a valid Fargate size: {hint}");
            }
        }

        if (cpu is { } taskCpu)
        {
            var sum = containers.Sum(c => (long)(c.Cpu ?? 0));
            if (sum > taskCpu)
            {
                issues.Error("spec.containerDefinitions", ValidationReasons.ContainersExceedTaskSize, $"the containers reserve {sum} CPU units, more than the task's {taskCpu}");
            }
        }
        if (memory is { } taskMemory)
        {
            var sum = containers.Sum(c => (long)(c.MemoryReservation ?? c.Memory ?? 0));
            if (sum > taskMemory)
            {
                issues.Error("spec.containerDefinitions", ValidationReasons.ContainersExceedTaskSize, $"the containers reserve {sum} MiB of memory, more than the task's {taskMemory}");
            }
            for (var i = 0; i < containers.Count; i++)
            {
                if (containers[i].Memory is { } limit && limit > taskMemory)
                {
                    issues.Error($"spec.containerDefinitions[{i}].memory", ValidationReasons.ContainersExceedTaskSize, $"memory {limit} MiB is more than the task's {taskMemory}");
                }
            }
        }
    }

    private static void CheckTaskLevelReports(EcsTaskDefinitionSpec spec, IssueCollector issues)
    {
        if (spec.NetworkMode == "none")
        {
            issues.NotSupported("spec.networkMode", "networkMode none has no Kubernetes equivalent; the pod gets the normal pod network");
        }
        if (spec.TaskRoleArn is not null)
        {
            issues.Warn("spec.taskRoleArn", ValidationReasons.Approximated,
                "becomes the eks.amazonaws.com/role-arn annotation of a ServiceAccount named after the family; outside EKS the annotation has no effect");
        }
        if (spec.ExecutionRoleArn is not null)
        {
            issues.NotSupported("spec.executionRoleArn", "image pulls and secrets use the cluster's pull secrets and Secrets, not an IAM role");
        }
        if (spec.RequiresCompatibilities is { Count: > 0 })
        {
            issues.Warn("spec.requiresCompatibilities", ValidationReasons.Ignored, "launch types only select the checks applied (FARGATE sizes); pods run on the cluster's nodes");
        }
        for (var i = 0; i < (spec.PlacementConstraints?.Count ?? 0); i++)
        {
            var constraint = spec.PlacementConstraints![i];
            if (!IsNodeLabelExpression(constraint.Expression))
            {
                issues.NotSupported($"spec.placementConstraints[{i}]", $"the expression '{constraint.Expression}' does not map to a node label; only attribute:ecs.availability-zone, instance-type, cpu-architecture or os-type == value does");
            }
        }
        if (spec.PidMode == "host")
        {
            issues.NotSupported("spec.pidMode", "pidMode host (the node's process namespace) is not granted; containers run in the pod's namespaces");
        }
        if (spec.IpcMode is not null)
        {
            issues.NotSupported("spec.ipcMode", "ipcMode is not configurable; containers of a pod share an IPC namespace");
        }
        if (spec.ProxyConfiguration is not null)
        {
            issues.NotSupported("spec.proxyConfiguration", "App Mesh proxy settings are not applied");
        }
        if (spec.InferenceAccelerators is { Count: > 0 })
        {
            issues.NotSupported("spec.inferenceAccelerators", "Elastic Inference accelerators do not exist on Kubernetes");
        }
        if (spec.EnableFaultInjection == true)
        {
            issues.NotSupported("spec.enableFaultInjection", "ECS fault injection is not available");
        }
    }

    /// <summary>True for the memberOf expressions that map to a node label, e.g. attribute:ecs.availability-zone == us-east-1a.</summary>
    public static bool IsNodeLabelExpression(string? expression) =>
        expression is not null && NodeLabelExpression().IsMatch(expression.Trim());

    [GeneratedRegex(@"^attribute:ecs\.(availability-zone|instance-type|cpu-architecture|os-type)\s*==\s*[A-Za-z0-9._-]+$")]
    private static partial Regex NodeLabelExpression();
}
