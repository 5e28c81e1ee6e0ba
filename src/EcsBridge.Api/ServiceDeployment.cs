using EcsBridge.Api.Schema;

namespace EcsBridge.Api;

[Description("One rollout of the service (a ReplicaSet), as in ECS describe-services deployments.")]
public sealed record ServiceDeployment
{
    [Description("The deployment id: ecs-svc/<family>-<revision>, followed by - and 8 hex digits of the SHA-256 of forceNewDeploymentToken when the service has one (each forced new deployment is a deployment of its own).")]
    public required string Id { get; init; }

    [Description("PRIMARY: the newest; ACTIVE: older, still running tasks; INACTIVE: fully replaced.")]
    [Enum(DeploymentStatuses.Primary, DeploymentStatuses.Active, DeploymentStatuses.Inactive)]
    public required string Status { get; init; }

    [Description("The family:revision this deployment runs.")]
    public string? TaskDefinition { get; init; }

    [Description("Tasks this deployment aims for.")]
    public int? DesiredCount { get; init; }

    [Description("Tasks of this deployment running and ready.")]
    public int? RunningCount { get; init; }

    [Description("Tasks of this deployment not yet running or ready.")]
    public int? PendingCount { get; init; }

    [Description("Consecutive failed tasks (restarts, crash loops) of this deployment.")]
    public int? FailedTasks { get; init; }

    [Description("IN_PROGRESS, COMPLETED or FAILED.")]
    [Enum(RolloutStates.InProgress, RolloutStates.Completed, RolloutStates.Failed)]
    public string? RolloutState { get; init; }

    [Description("Why the rollout is in its state.")]
    public string? RolloutStateReason { get; init; }

    [Description("When the deployment was created.")]
    public DateTimeOffset? CreatedAt { get; init; }

    [Description("When the deployment last changed.")]
    public DateTimeOffset? UpdatedAt { get; init; }
}
