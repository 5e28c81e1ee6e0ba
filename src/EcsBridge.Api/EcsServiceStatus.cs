using EcsBridge.Api.Schema;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.Api;

[Description("The service as ECS describe-services shows it, plus Kubernetes conditions.")]
public sealed record EcsServiceStatus
{
    [Description("The metadata.generation the operator last processed.")]
    public long? ObservedGeneration { get; init; }

    [Description("ACTIVE; DRAINING once the service is deleted, while a finalizer (for example foreground deletion's) still holds it.")]
    [Enum(ServiceStatuses.Active, ServiceStatuses.Draining)]
    public string? Status { get; init; }

    [Description("The task count the service aims for (from the HPA while one owns scaling).")]
    public int? DesiredCount { get; init; }

    [Description("Tasks running and ready, across all deployments.")]
    public int? RunningCount { get; init; }

    [Description("Tasks not yet running or ready, across all deployments.")]
    public int? PendingCount { get; init; }

    [Description("The family:revision of the primary deployment.")]
    public string? TaskDefinition { get; init; }

    [Description("The rollouts: the PRIMARY (newest) one and ACTIVE older ones that still run tasks.")]
    public IReadOnlyList<ServiceDeployment>? Deployments { get; init; }

    [Description("The service's tasks that stopped in the last --stopped-task-ttl (default 1 h, as ECS keeps stopped tasks), or are stopping, newest first, at most 10: what describe-tasks and list-tasks --desired-status STOPPED answer for them.")]
    public IReadOnlyList<StoppedServiceTask>? StoppedTasks { get; init; }

    [Description("BLUE_GREEN: the lifecycle stage, traffic share and bake deadline of the deployment.")]
    public ServiceStrategyStatus? DeploymentStrategy { get; init; }

    [Description("The label selector of the tasks, as a string (the scale subresource and the HPA read it).")]
    public string? Selector { get; init; }

    [Description("The family:revision of the last rollout that completed: what a circuit-breaker rollback returns to.")]
    public string? LastCompletedTaskDefinition { get; init; }

    [Description("Set while the service runs a revision other than its spec's because the circuit breaker rolled a failed rollout back; cleared when the service is given another revision (a new revision of a followed family, or another taskDefinition).")]
    public ServiceRollback? Rollback { get; init; }

    [Description("Fields accepted but not honoured on Kubernetes, with the reason.")]
    public IReadOnlyList<TranslationNote>? TranslationNotes { get; init; }

    [Description("The last service events (at most 10), newest first, in ECS's wording: deployment completed or failed, rolling back, steady state.")]
    public IReadOnlyList<ServiceEvent>? Events { get; init; }

    [Description("Ready, Available, Progressing, Degraded, Valid and Translated conditions.")]
    [ListMap("type")]
    public IReadOnlyList<Condition>? Conditions { get; init; }
}
