using System.Text.Json.Serialization;
using EcsBridge.Api.Json;
using EcsBridge.Api.Schema;
using EcsBridge.Api.Services;

namespace EcsBridge.Api;

/// <summary>The body of an ECS CreateService request, plus Application Auto Scaling settings.</summary>
[Description("The body of an ECS CreateService request (field names as ECS spells them), plus autoScaling.")]
public sealed record EcsServiceSpec
{
    [Description("The service name. Optional: it defaults to, and must equal, metadata.name. The Deployment, Service and HPA get this name.")]
    [Length(1, 255)]
    public string? ServiceName { get; init; }

    [Description("The ECS cluster. Ignored: the namespace plays the role of the cluster.")]
    public string? Cluster { get; init; }

    [Description("The task definition to run: family (the latest revision), family:revision (pinned) or a task definition ARN (reduced to family:revision).")]
    [Length(1, 1600)]
    public required string TaskDefinition { get; init; }

    [Description("How many tasks to keep running (Deployment replicas). Required for REPLICA unless autoScaling is set; while an HPA exists it owns the count. The scale subresource reads and writes it.")]
    [Minimum(0)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? DesiredCount { get; init; }

    [Description("Rollout limits and the circuit breaker.")]
    public DeploymentConfiguration? DeploymentConfiguration { get; init; }

    [Description("The deployment controller (ECS only).")]
    public DeploymentController? DeploymentController { get; init; }

    [Description("Load balancer targets; the first one makes the Kubernetes Service a LoadBalancer.")]
    public IReadOnlyList<LoadBalancer>? LoadBalancers { get; init; }

    [Description("Cloud Map registries (at most one); a ClusterIP Service provides the name.")]
    [Items(0, 1)]
    public IReadOnlyList<ServiceRegistry>? ServiceRegistries { get; init; }

    [Description("ECS Service Connect settings.")]
    public ServiceConnectConfiguration? ServiceConnectConfiguration { get; init; }

    [Description("Seconds after a task starts in which failed health checks are ignored; the liveness probes' initialDelaySeconds.")]
    [Minimum(0)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? HealthCheckGracePeriodSeconds { get; init; }

    [Description("Placement constraints: distinctInstance (pod anti-affinity) or memberOf.")]
    [Items(0, 10)]
    public IReadOnlyList<PlacementConstraint>? PlacementConstraints { get; init; }

    [Description("Placement strategies: spread becomes topology spread constraints; binpack and random are reported.")]
    [Items(0, 5)]
    public IReadOnlyList<PlacementStrategy>? PlacementStrategy { get; init; }

    [Description("EC2, FARGATE or EXTERNAL. Reported.")]
    [Enum("EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES")]
    public string? LaunchType { get; init; }

    [Description("Capacity provider shares. Reported.")]
    [Items(0, 20)]
    public IReadOnlyList<CapacityProviderStrategyItem>? CapacityProviderStrategy { get; init; }

    [Description("The Fargate platform version. Reported.")]
    public string? PlatformVersion { get; init; }

    [Description("awsvpc subnets and security groups. Reported.")]
    public NetworkConfiguration? NetworkConfiguration { get; init; }

    [Description("REPLICA (a Deployment; the default) or DAEMON (a DaemonSet: one task per node).")]
    [Enum("REPLICA", "DAEMON")]
    [Default("REPLICA")]
    public string? SchedulingStrategy { get; init; }

    [Description("Copy tags to the pods from the SERVICE or the TASK_DEFINITION (NONE: the default).")]
    [Enum("TASK_DEFINITION", "SERVICE", "NONE")]
    public string? PropagateTags { get; init; }

    [Description("ECS managed tags. Reported.")]
    public bool? EnableECSManagedTags { get; init; }

    [Description("ECS Exec. Reported: kubectl exec needs nothing.")]
    public bool? EnableExecuteCommand { get; init; }

    [Description("The ELB service role ARN. Reported.")]
    public string? Role { get; init; }

    [Description("Tags of the service; labels and annotations of its children.")]
    [Items(0, 50)]
    public IReadOnlyList<ResourceTag>? Tags { get; init; }

    [Description("ENABLED (ECS's default for new services) or DISABLED: ECS moves tasks to even out Availability Zones. Reported when ENABLED: Kubernetes does not move running pods.")]
    [Enum("ENABLED", "DISABLED")]
    public string? AvailabilityZoneRebalancing { get; init; }

    [Description("Volumes supplied at launch (an EBS volume per task) for task definition volumes with configuredAtLaunch. Reported: those volumes are emptyDirs.")]
    public IReadOnlyList<ServiceVolumeConfiguration>? VolumeConfigurations { get; init; }

    [Description("VPC Lattice target groups the tasks register with. Reported.")]
    public IReadOnlyList<VpcLatticeConfiguration>? VpcLatticeConfigurations { get; init; }

    [Description("Application Auto Scaling of the desired count (becomes a HorizontalPodAutoscaler).")]
    public ServiceAutoScaling? AutoScaling { get; init; }

    [Description("The declarative form of update-service --force-new-deployment: any new value (for example the current time) replaces every task with a new one of the same task definition, as `kubectl rollout restart` does. convert sets it from forceNewDeployment: true.")]
    [Length(1, 253)]
    public string? ForceNewDeploymentToken { get; init; }
}
