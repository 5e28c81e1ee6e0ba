using EcsBridge.Api.Schema;

namespace EcsBridge.Api;

[Description("A Kubernetes-native lifecycle hook of the current deployment (ECS DeploymentLifecycleHookDetail): the one-off task run at a stage and its verdict.")]
public sealed record LifecycleHookRun
{
    [Description("The lifecycle stage the hook gates.")]
    public required string LifecycleStage { get; init; }

    [Description("The hook's task definition, as the hook names it.")]
    public required string TaskDefinition { get; init; }

    [Description("The EcsTask that runs the hook (named after the new revision's Deployment, the stage and the hook's index).")]
    public required string Task { get; init; }

    [Description("IN_PROGRESS, SUCCEEDED, FAILED or TIMED_OUT (ECS's hook statuses).")]
    [Enum("IN_PROGRESS", "SUCCEEDED", "FAILED", "TIMED_OUT")]
    public required string Status { get; init; }

    [Description("When the hook times out (the task's creation plus timeoutConfiguration.timeoutInMinutes).")]
    public DateTimeOffset? ExpiresAt { get; init; }

    [Description("Why the hook failed or timed out.")]
    public string? Reason { get; init; }
}
