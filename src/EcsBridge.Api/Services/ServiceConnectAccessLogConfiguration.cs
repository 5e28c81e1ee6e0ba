using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Services;

[Description("Access logs of the Service Connect proxy. Reported.")]
public sealed record ServiceConnectAccessLogConfiguration
{
    [Description("TEXT or JSON.")]
    [Enum("TEXT", "JSON")]
    public required string Format { get; init; }

    [Description("ENABLED or DISABLED (the default).")]
    [Enum("DISABLED", "ENABLED")]
    public string? IncludeQueryParameters { get; init; }
}
