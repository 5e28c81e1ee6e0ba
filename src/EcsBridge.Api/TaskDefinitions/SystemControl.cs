using EcsBridge.Api.Schema;

namespace EcsBridge.Api.TaskDefinitions;

[Description("A namespaced kernel parameter. Reported.")]
public sealed record SystemControl
{
    [Description("The sysctl name, e.g. net.core.somaxconn.")]
    public string? Namespace { get; init; }

    [Description("The value.")]
    public string? Value { get; init; }
}
