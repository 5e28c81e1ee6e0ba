using System.Text.Json.Serialization;
using EcsBridge.Api.Json;
using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Services;

[Description("The timeout of a lifecycle hook. Reported.")]
public sealed record DeploymentLifecycleHookTimeout
{
    [Description("Minutes ECS waits for the hook.")]
    [Minimum(0)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? TimeoutInMinutes { get; init; }

    [Description("ROLLBACK or CONTINUE when the hook times out.")]
    [Enum("ROLLBACK", "CONTINUE")]
    public string? Action { get; init; }
}
