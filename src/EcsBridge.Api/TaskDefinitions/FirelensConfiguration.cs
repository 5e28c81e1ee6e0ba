using EcsBridge.Api.Schema;

namespace EcsBridge.Api.TaskDefinitions;

[Description("FireLens log router settings. Reported.")]
public sealed record FirelensConfiguration
{
    [Description("fluentd or fluentbit.")]
    [Enum("fluentd", "fluentbit")]
    public required string Type { get; init; }

    [Description("Router options.")]
    public IReadOnlyDictionary<string, string>? Options { get; init; }
}
