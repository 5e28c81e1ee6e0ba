using System.Text.Json.Serialization;
using EcsBridge.Api.Json;
using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Services;

[Description("The timeout of a lifecycle hook: honoured for a hook with taskDefinition, reported otherwise.")]
public sealed record DeploymentLifecycleHookTimeout
{
    [Description("Minutes to wait for the hook (default 1440, as ECS).")]
    [Minimum(0)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? TimeoutInMinutes { get; init; }

    [Description("ROLLBACK (the default, as ECS) or CONTINUE when the hook times out.")]
    [Enum("ROLLBACK", "CONTINUE")]
    public string? Action { get; init; }
}
