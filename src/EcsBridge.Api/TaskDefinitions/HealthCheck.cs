using System.Text.Json.Serialization;
using EcsBridge.Api.Json;
using EcsBridge.Api.Schema;

namespace EcsBridge.Api.TaskDefinitions;

[Description("A container health check (Docker HEALTHCHECK).")]
public sealed record HealthCheck
{
    [Description("[\"CMD\", exe, args...] runs the arguments directly; [\"CMD-SHELL\", \"script\"] runs the script with /bin/sh -c.")]
    [Items(1)]
    public required IReadOnlyList<string> Command { get; init; }

    [Description("Seconds between checks (5-300, default 30); the probes' periodSeconds.")]
    [Minimum(5)]
    [Maximum(300)]
    [Default(30)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? Interval { get; init; }

    [Description("Seconds before a check counts as failed (2-60, default 5); the probes' timeoutSeconds.")]
    [Minimum(2)]
    [Maximum(60)]
    [Default(5)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? Timeout { get; init; }

    [Description("Consecutive failures before the container is unhealthy (1-10, default 3); the probes' failureThreshold.")]
    [Minimum(1)]
    [Maximum(10)]
    [Default(3)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? Retries { get; init; }

    [Description("Grace period in seconds (0-300) in which failures do not count; becomes a startup probe.")]
    [Minimum(0)]
    [Maximum(300)]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? StartPeriod { get; init; }
}
