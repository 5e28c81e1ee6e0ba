using EcsBridge.Api.Schema;

namespace EcsBridge.Api.Tasks;

[Description("A request to stop one task of the EcsTask (ECS StopTask): its pod is deleted, or never created if it was not yet.")]
public sealed record TaskStopRequest
{
    [Description("The task id: the name of the task's pod (<EcsTask name>-<n>).")]
    [Length(1, 253)]
    public required string Task { get; init; }

    [Description("The stoppedReason the task reports (ECS StopTask reason); \"Task stopped by user\" when empty.")]
    [Length(0, 255)]
    public string? Reason { get; init; }
}
