using EcsBridge.Api.Schema;
using EcsBridge.Api.TaskDefinitions;

namespace EcsBridge.Api.Services;

[Description("ECS Service Connect. Each service entry becomes a ClusterIP Service named after its discoveryName or dnsName where that is a valid name; the proxy settings are reported.")]
public sealed record ServiceConnectConfiguration
{
    [Description("Turn Service Connect on.")]
    public required bool Enabled { get; init; }

    [Description("The Cloud Map namespace. Reported: the Kubernetes namespace is used.")]
    public string? Namespace { get; init; }

    [Description("The endpoints this service offers.")]
    public IReadOnlyList<ServiceConnectService>? Services { get; init; }

    [Description("Log settings of the Service Connect proxy. Reported.")]
    public LogConfiguration? LogConfiguration { get; init; }

    [Description("Access logs of the Service Connect proxy. Reported.")]
    public ServiceConnectAccessLogConfiguration? AccessLogConfiguration { get; init; }
}
