namespace EcsBridge.Core.Ecs;

/// <summary>The shapes of input `convert` and `render` recognise, one per AWS CLI command (or file) they come from.</summary>
public enum EcsInputShape
{
    /// <summary>`aws ecs describe-task-definition`: {"taskDefinition": {…}, "tags": […]}.</summary>
    DescribeTaskDefinition,

    /// <summary>`aws ecs register-task-definition --cli-input-json` (or the console's JSON view): the body itself.</summary>
    RegisterTaskDefinition,

    /// <summary>A bare containerDefinitions array; the family comes from the first container's name.</summary>
    ContainerDefinitions,

    /// <summary>One element of `aws ecs describe-services` output's "services".</summary>
    DescribeServices,

    /// <summary>`aws ecs create-service --cli-input-json`, or {"service": {…}} from create-/update-service output.</summary>
    CreateService,

    /// <summary>`aws ecs update-service --cli-input-json`: the service named by `service`, with `forceNewDeployment`.</summary>
    UpdateService,

    /// <summary>One scalable target of `aws application-autoscaling describe-scalable-targets`.</summary>
    ScalableTarget,

    /// <summary>One policy of `aws application-autoscaling describe-scaling-policies`.</summary>
    ScalingPolicy,

    /// <summary>An EcsTaskDefinition or EcsService object (YAML or JSON), as `convert` writes them.</summary>
    KubernetesObject,
}
