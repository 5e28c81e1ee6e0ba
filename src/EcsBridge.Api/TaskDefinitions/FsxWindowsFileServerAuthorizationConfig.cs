using EcsBridge.Api.Schema;

namespace EcsBridge.Api.TaskDefinitions;

[Description("FSx for Windows File Server credentials. Reported.")]
public sealed record FsxWindowsFileServerAuthorizationConfig
{
    [Description("A Secrets Manager or SSM ARN holding the credentials.")]
    public required string CredentialsParameter { get; init; }

    [Description("The Active Directory domain.")]
    public required string Domain { get; init; }
}
