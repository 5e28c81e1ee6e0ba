using System.Text.Json.Serialization;
using EcsBridge.Api.Json;
using EcsBridge.Api.Schema;
using EcsBridge.Api.TaskDefinitions;

namespace EcsBridge.Api;

/// <summary>The body of an ECS RegisterTaskDefinition request, with ECS's field names and value formats.</summary>
[Description("The body of an ECS RegisterTaskDefinition request, field names and formats as ECS spells them. Every change records a new revision.")]
public sealed record EcsTaskDefinitionSpec
{
    [Description("The task definition family. Optional: it defaults to, and must equal, metadata.name (a DNS-1123 name).")]
    [Length(1, 255)]
    public string? Family { get; init; }

    [Description("The containers of the task (1-10 in ECS).")]
    [Items(1, 10)]
    public required IReadOnlyList<ContainerDefinition> ContainerDefinitions { get; init; }

    [Description("Task CPU as ECS writes it: CPU units (\"256\", \"1024\") or vCPU (\"1 vCPU\", \".25 vcpu\"). A number is accepted too. Split across containers that set no cpu.")]
    [IntOrString]
    [JsonConverter(typeof(NumberOrStringConverter))]
    public string? Cpu { get; init; }

    [Description("Task memory as ECS writes it: MiB (\"512\", \"2048\") or GB (\"0.5GB\", \"2 GB\"; 1 GB = 1024 MiB). A number is accepted too.")]
    [IntOrString]
    [JsonConverter(typeof(NumberOrStringConverter))]
    public string? Memory { get; init; }

    [Description("awsvpc or bridge: the pod network; host: hostNetwork; none: reported.")]
    [Enum("awsvpc", "bridge", "host", "none")]
    public string? NetworkMode { get; init; }

    [Description("Volumes the containers can mount.")]
    public IReadOnlyList<TaskVolume>? Volumes { get; init; }

    [Description("The launch types the definition is checked against (EC2, FARGATE, EXTERNAL). FARGATE enables the Fargate cpu/memory checks.")]
    [Enum("EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES")]
    public IReadOnlyList<string>? RequiresCompatibilities { get; init; }

    [Description("The IAM role of the containers; becomes the eks.amazonaws.com/role-arn annotation of a ServiceAccount named after the family (inert outside EKS).")]
    public string? TaskRoleArn { get; init; }

    [Description("The role ECS uses to pull images and fetch secrets. Reported: the cluster's pull secrets are used.")]
    public string? ExecutionRoleArn { get; init; }

    [Description("Placement constraints (memberOf).")]
    [Items(0, 10)]
    public IReadOnlyList<TaskPlacementConstraint>? PlacementConstraints { get; init; }

    [Description("The OS family and CPU architecture; becomes a nodeSelector.")]
    public RuntimePlatform? RuntimePlatform { get; init; }

    [Description("Task ephemeral storage.")]
    public EphemeralStorage? EphemeralStorage { get; init; }

    [Description("task: the containers share a process namespace (shareProcessNamespace); host: reported.")]
    [Enum("host", "task")]
    public string? PidMode { get; init; }

    [Description("host, task or none. Reported.")]
    [Enum("host", "task", "none")]
    public string? IpcMode { get; init; }

    [Description("App Mesh proxy settings. Reported.")]
    public ProxyConfiguration? ProxyConfiguration { get; init; }

    [Description("Elastic Inference accelerators. Reported.")]
    public IReadOnlyList<InferenceAccelerator>? InferenceAccelerators { get; init; }

    [Description("ECS fault injection. Reported.")]
    public bool? EnableFaultInjection { get; init; }

    [Description("Tags; they become annotations ecsbridge.io/tag.<key> on the pods.")]
    [Items(0, 50)]
    public IReadOnlyList<ResourceTag>? Tags { get; init; }
}
