using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Services;

[Description("The deployment controller; only ECS (rolling update) is honoured.")]
public sealed record DeploymentController
{
    [Description("ECS (rolling update, the default); CODE_DEPLOY and EXTERNAL are reported.")]
    [Enum("ECS", "CODE_DEPLOY", "EXTERNAL")]
    [Default("ECS")]
    public string? Type { get; init; }
}
