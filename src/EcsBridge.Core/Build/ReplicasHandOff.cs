using System.Text.Json.Nodes;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Build;

/// <summary>
/// When an HPA is about to take over a Deployment's replica count, our apply drops <c>spec.replicas</c>; if no other
/// manager owned the field, the server would reset it to 1. A second field manager therefore applies only
/// <c>spec.replicas</c> (the current count, clamped into the HPA's range) until the autoscaler writes its own. Pure:
/// the reconciler decides when, this decides what.
/// </summary>
public static class ReplicasHandOff
{
    /// <summary>Owns spec.replicas while an HPA takes over, so dropping the field from our apply keeps the count.</summary>
    public const string FieldManager = "ecsbridge-replicas-handoff";

    /// <summary>True while the desired state has an HPA that does not exist yet: the count must be held.</summary>
    public static bool Needed(DesiredState desired, bool hpaExists)
    {
        ArgumentNullException.ThrowIfNull(desired);
        return desired.Deployment is not null && desired.Hpa is not null && !hpaExists;
    }

    /// <summary>The count to hold: the live Deployment's, else desiredCount, else 1, within the HPA's bounds.</summary>
    public static int Replicas(DesiredState desired, int? liveReplicas, int? desiredCount)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var min = desired.Hpa?.Spec?.MinReplicas ?? 1;
        var max = Math.Max(min, desired.Hpa?.Spec?.MaxReplicas ?? int.MaxValue);
        return Math.Clamp(liveReplicas ?? desiredCount ?? 1, min, max);
    }

    /// <summary>The partial Deployment the hand-off manager applies: name, namespace and spec.replicas only.</summary>
    public static JsonObject Body(string? ns, string name, int replicas) => new()
    {
        ["apiVersion"] = Deployment.ApiVersionValue,
        ["kind"] = Deployment.KindValue,
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject { ["replicas"] = replicas },
    };
}
