namespace EcsBridge.Core.Ecs;

/// <summary>Annotations `convert` writes on the objects it produces, so nothing from the AWS input is lost.</summary>
public static class ConvertAnnotations
{
    /// <summary>The ECS family as written, when it had to change to become a Kubernetes name.</summary>
    public const string OriginalFamily = "ecsbridge.io/ecs-family";

    /// <summary>The ECS serviceName as written, when it had to change to become a Kubernetes name.</summary>
    public const string OriginalServiceName = "ecsbridge.io/ecs-service-name";

    /// <summary>The taskDefinitionArn or serviceArn of describe output.</summary>
    public const string SourceArn = "ecsbridge.io/source-arn";

    /// <summary>The ECS revision of describe-task-definition output (the cluster numbers its own revisions from 1).</summary>
    public const string SourceRevision = "ecsbridge.io/source-revision";
}
