using EcsBridge.Api.Schema;

namespace EcsBridge.Api;

[Description("A service event as ECS describe-services lists it: one transition of the service, in ECS's wording.")]
public sealed record ServiceEvent
{
    [Description("The event id: derived from its time and message, so recomputing the status gives the same id.")]
    public required string Id { get; init; }

    [Description("When the operator observed the transition.")]
    public required DateTimeOffset CreatedAt { get; init; }

    [Description("The message, as ECS words it, for example \"(service web) has reached a steady state.\".")]
    public required string Message { get; init; }
}
