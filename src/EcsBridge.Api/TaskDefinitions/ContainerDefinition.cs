using System.Text.Json.Serialization;
using EcsBridge.Api.Json;
using EcsBridge.Api.Schema;

namespace EcsBridge.Api.TaskDefinitions;

[Description("One container of the task, as in an ECS task definition's containerDefinitions.")]
public sealed record ContainerDefinition
{
    [Description("The container name, unique in the task (letters, digits, '-' and '_'). The Kubernetes container gets it as a DNS-1123 label: lower-cased, '_' → '-', made unique with -2, -3, ...")]
    [Length(1, 255)]
    public required string Name { get; init; }

    [Description("The image to run (repository[:tag] or repository@digest).")]
    [Length(1, 4096)]
    public required string Image { get; init; }

    [Description("Private-registry credentials (a Secrets Manager ARN). Reported: use the cluster's image pull secrets.")]
    public RepositoryCredentials? RepositoryCredentials { get; init; }

    [Description("CPU units reserved for the container (1024 = 1 vCPU). Becomes the CPU request; never a CPU limit. 0 = no reservation.")]
    [Minimum(0)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? Cpu { get; init; }

    [Description("Hard memory limit in MiB: the container is killed above it. Becomes the memory limit.")]
    [Minimum(4)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? Memory { get; init; }

    [Description("Soft memory reservation in MiB. Becomes the memory request; must not exceed memory.")]
    [Minimum(4)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? MemoryReservation { get; init; }

    [Description("If true (the default), the task stops when this container stops. At least one container must be essential.")]
    [Default(true)]
    public bool? Essential { get; init; }

    [Description("Ports the container listens on.")]
    public IReadOnlyList<PortMapping>? PortMappings { get; init; }

    [Description("Environment variables; values stay literal ($(VAR) is not expanded, as in ECS).")]
    public IReadOnlyList<EnvironmentVariable>? Environment { get; init; }

    [Description("S3 .env files. Reported: not read on Kubernetes.")]
    [Items(0, 10)]
    public IReadOnlyList<EnvironmentFile>? EnvironmentFiles { get; init; }

    [Description("Environment variables taken from secrets; each valueFrom names a Kubernetes Secret by convention (last path segment of the ARN).")]
    public IReadOnlyList<ContainerSecret>? Secrets { get; init; }

    [Description("Docker CMD: the arguments (Kubernetes container args).")]
    public IReadOnlyList<string>? Command { get; init; }

    [Description("Docker ENTRYPOINT (Kubernetes container command).")]
    public IReadOnlyList<string>? EntryPoint { get; init; }

    [Description("The working directory of the command.")]
    public string? WorkingDirectory { get; init; }

    [Description("The user to run as: uid, uid:gid, user or user:group. Only numeric forms map to runAsUser/runAsGroup; names are reported.")]
    public string? User { get; init; }

    [Description("The container health check; becomes liveness and readiness probes (and a startup probe when startPeriod is set).")]
    public HealthCheck? HealthCheck { get; init; }

    [Description("Containers that must reach a condition before this one starts.")]
    public IReadOnlyList<ContainerDependency>? DependsOn { get; init; }

    [Description("Linux-specific settings: capabilities, init process, /dev/shm, tmpfs, devices, swap.")]
    public LinuxParameters? LinuxParameters { get; init; }

    [Description("Mount the root filesystem read-only.")]
    public bool? ReadonlyRootFilesystem { get; init; }

    [Description("Run the container privileged.")]
    public bool? Privileged { get; init; }

    [Description("Resource limits (nofile, nproc, ...). Reported: Kubernetes has no per-container ulimits.")]
    public IReadOnlyList<Ulimit>? Ulimits { get; init; }

    [Description("The log driver. Reported: logs go to the cluster's log collection from stdout/stderr.")]
    public LogConfiguration? LogConfiguration { get; init; }

    [Description("FireLens log router settings. Reported.")]
    public FirelensConfiguration? FirelensConfiguration { get; init; }

    [Description("Volumes mounted into the container; sourceVolume names an entry of the task's volumes.")]
    public IReadOnlyList<MountPoint>? MountPoints { get; init; }

    [Description("Mount all volumes of another container of the task.")]
    public IReadOnlyList<VolumeFrom>? VolumesFrom { get; init; }

    [Description("Seconds to wait after SIGTERM before the container is killed; the pod uses the largest value (default 30).")]
    [Minimum(0)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? StopTimeout { get; init; }

    [Description("Seconds to wait for dependencies to reach their condition.")]
    [Minimum(0)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? StartTimeout { get; init; }

    [Description("Labels for the container; they become pod annotations ecsbridge.io/label.<key>.")]
    public IReadOnlyDictionary<string, string>? DockerLabels { get; init; }

    [Description("The pod hostname (the first container that sets one wins).")]
    public string? Hostname { get; init; }

    [Description("DNS servers for the pod (dnsConfig.nameservers, dnsPolicy None).")]
    public IReadOnlyList<string>? DnsServers { get; init; }

    [Description("DNS search domains for the pod (dnsConfig.searches).")]
    public IReadOnlyList<string>? DnsSearchDomains { get; init; }

    [Description("Extra /etc/hosts entries (pod hostAliases).")]
    public IReadOnlyList<HostEntry>? ExtraHosts { get; init; }

    [Description("Accelerators for the container; GPU counts become nvidia.com/gpu limits.")]
    public IReadOnlyList<ResourceRequirement>? ResourceRequirements { get; init; }

    [Description("Namespaced kernel parameters (sysctls). Reported.")]
    public IReadOnlyList<SystemControl>? SystemControls { get; init; }

    [Description("Keep stdin open. Reported.")]
    public bool? Interactive { get; init; }

    [Description("Allocate a TTY. Reported.")]
    public bool? PseudoTerminal { get; init; }

    [Description("Turn networking off in the container. Reported.")]
    public bool? DisableNetworking { get; init; }

    [Description("Docker links (bridge mode). Reported: containers of a pod share localhost.")]
    public IReadOnlyList<string>? Links { get; init; }

    [Description("Docker security options (no-new-privileges, apparmor:..., label:...). Reported.")]
    public IReadOnlyList<string>? DockerSecurityOptions { get; init; }

    [Description("Per-container restart policy. Reported: Kubernetes restarts containers of a Deployment always.")]
    public ContainerRestartPolicy? RestartPolicy { get; init; }

    [Description("Whether ECS resolves the image tag to a digest (enabled, disabled). Reported.")]
    [Enum("enabled", "disabled")]
    public string? VersionConsistency { get; init; }

    [Description("Windows gMSA credential specs. Reported.")]
    public IReadOnlyList<string>? CredentialSpecs { get; init; }
}
