using EcsBridge.Api.Schema;

namespace EcsBridge.Api.TaskDefinitions;

[Description("App Mesh proxy settings. Reported.")]
public sealed record ProxyConfiguration
{
    [Description("Only APPMESH.")]
    [Enum("APPMESH")]
    public string? Type { get; init; }

    [Description("The proxy container's name.")]
    public required string ContainerName { get; init; }

    [Description("Proxy properties as name/value pairs.")]
    public IReadOnlyList<EnvironmentVariable>? Properties { get; init; }
}
