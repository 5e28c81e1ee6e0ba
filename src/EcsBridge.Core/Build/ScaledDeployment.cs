using System.Text.Json.Nodes;

namespace EcsBridge.Core.Build;

/// <summary>
/// A live Deployment of the service whose size alone changes (LINEAR/CANARY: the previous revision shrinks step by
/// step as the new one grows). Only spec.replicas is applied, under its own field manager
/// (<see cref="FieldManager"/>), so the rest of that Deployment stays exactly as its revision's apply left it.
/// </summary>
public sealed record ScaledDeployment(string Namespace, string Name, int Replicas)
{
    /// <summary>The field manager that owns spec.replicas of a Deployment being scaled by a traffic shift.</summary>
    public const string FieldManager = "ecsbridge-traffic-shift";

    /// <summary>The server-side apply body: identity and spec.replicas, nothing else.</summary>
    public JsonObject Body() => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = Name, ["namespace"] = Namespace },
        ["spec"] = new JsonObject { ["replicas"] = Replicas },
    };
}
