using EcsBridge.Api.Schema;

namespace EcsBridge.Api.TaskDefinitions;

[Description("An environment variable (or log option) taken from a secret.")]
public sealed record ContainerSecret
{
    [Description("The environment variable name.")]
    public required string Name { get; init; }

    [Description("A Secrets Manager or SSM Parameter Store ARN or name. By convention the Kubernetes Secret is the last path segment, lower-cased; the key is the JSON key after ':' if any, else 'value'.")]
    public required string ValueFrom { get; init; }
}
