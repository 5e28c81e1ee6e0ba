using EcsBridge.Kubernetes.Models;

namespace EcsBridge.Core.Status;

/// <summary>Builds condition lists the Kubernetes way: lastTransitionTime moves only when a condition's status
/// flips, so a reconcile that changes nothing writes nothing.</summary>
public static class Conditions
{
    public static Condition Make(string type, bool? status, string reason, string? message, long? generation,
        IReadOnlyList<Condition>? previous, DateTimeOffset now)
    {
        var text = status switch { true => "True", false => "False", null => "Unknown" };
        var before = previous?.FirstOrDefault(c => c.Type == type);
        return new Condition
        {
            Type = type,
            Status = text,
            Reason = reason,
            Message = message,
            ObservedGeneration = generation,
            LastTransitionTime = before is not null && before.Status == text ? before.LastTransitionTime : now,
        };
    }
}
