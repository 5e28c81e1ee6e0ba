using System.Text.Json.Nodes;
using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Services;

[Description("A deployment lifecycle hook (a Lambda function or a pause at a stage). Reported: hooks are not run.")]
public sealed record DeploymentLifecycleHook
{
    [Description("AWS_LAMBDA (the default) or PAUSE.")]
    [Enum("AWS_LAMBDA", "PAUSE")]
    public string? TargetType { get; init; }

    [Description("The Lambda function ARN.")]
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

    [Description("How long ECS waits for the hook, and what it does then.")]
    public DeploymentLifecycleHookTimeout? TimeoutConfiguration { get; init; }
}
