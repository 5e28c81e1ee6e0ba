using EcsBridge.Api.Schema;

namespace EcsBridge.Api.TaskDefinitions;

[Description("EFS access settings. Reported.")]
public sealed record EfsAuthorizationConfig
{
    [Description("The EFS access point id.")]
    public string? AccessPointId { get; init; }

    [Description("ENABLED or DISABLED: use the task role for EFS.")]
    [Enum("ENABLED", "DISABLED")]
    public string? Iam { get; init; }
}
