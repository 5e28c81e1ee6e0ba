using EcsBridge.Api.Schema;

namespace EcsBridge.Api.TaskDefinitions;

[Description("Private-registry credentials.")]
public sealed record RepositoryCredentials
{
    [Description("The ARN of the Secrets Manager secret holding the registry credentials. Reported.")]
    public required string CredentialsParameter { get; init; }
}
