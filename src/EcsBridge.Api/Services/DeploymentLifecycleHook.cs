using System.Text.Json.Nodes;
using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Services;

[Description("A deployment lifecycle hook. A Lambda function or a pause is reported and not run; with taskDefinition (an EcsBridge extension) the hook is a one-off task that must succeed before the stage proceeds.")]
public sealed record DeploymentLifecycleHook
{
    [Description("AWS_LAMBDA (the default) or PAUSE.")]
    [Enum("AWS_LAMBDA", "PAUSE")]
    public string? TargetType { get; init; }

    [Description("The Lambda function ARN. Ignored when taskDefinition is set.")]
    public string? HookTargetArn { get; init; }

    [Description("The IAM role ECS uses to call the hook.")]
    public string? RoleArn { get; init; }

    [Description("The deployment stages at which the hook runs.")]
    [Enum("RECONCILE_SERVICE", "PRE_SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT",
        "PRE_PRODUCTION_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT")]
    public IReadOnlyList<string>? LifecycleStages { get; init; }

    [Description("Free-form parameters passed to the hook (a JSON document).")]
    [PreserveUnknownFields]
    public JsonObject? HookDetails { get; init; }

    [Description("EcsBridge extension, the Kubernetes-native hook: the task definition (family or family:revision) of a one-off task (an EcsTask owned by the new revision's Deployment) started at each of lifecycleStages under BLUE_GREEN, LINEAR or CANARY. The stage proceeds once the task succeeds (every essential container exited 0); a failed task rolls the deployment back, as a Lambda returning FAILED does on ECS. targetType and hookTargetArn are then ignored.")]
    [Length(1, 1600)]
    public string? TaskDefinition { get; init; }

    [Description("How long ECS waits for the hook, and what it does then.")]
    public DeploymentLifecycleHookTimeout? TimeoutConfiguration { get; init; }
}
