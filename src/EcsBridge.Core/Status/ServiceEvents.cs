using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EcsBridge.Api;

namespace EcsBridge.Core.Status;

/// <summary>
/// The service events of describe-services, in ECS's wording, derived from two statuses: each transition between
/// the previous status and the new one adds one event; no transition leaves the list exactly as it was, so an idle
/// service gets no status write. Pure: the same statuses and time give the same list (ids included).
/// </summary>
public static class ServiceEvents
{
    /// <summary>ECS keeps 100; the status is written whole on every change and held in every watcher's cache, so
    /// only the last few are kept here (the Kubernetes Events of <c>kubectl describe</c> keep the longer story).</summary>
    public const int Capacity = 10;

    /// <returns>The previous status's events with this transition's events in front (newest first), capped at
    /// <see cref="Capacity"/>; null while there has never been one.</returns>
    /// <param name="forceToken">The service's forceNewDeploymentToken: part of the id of the deployment a rollback goes
    /// back to (the target revision is deployed again under the same token).</param>
    public static IReadOnlyList<ServiceEvent>? Next(EcsServiceStatus? previous, EcsServiceStatus current, string serviceName, string? forceToken, DateTimeOffset now)
    {
        var messages = Transitions(previous, current, "(service " + serviceName + ") ", forceToken);
        IReadOnlyList<ServiceEvent> kept = previous?.Events ?? [];
        if (messages.Count == 0)
        {
            return kept.Count == 0 ? null : kept;
        }
        // Newest first: of this transition's events the last one said comes first.
        var added = messages.AsEnumerable().Reverse().Select(m => new ServiceEvent { Id = Id(m, now), CreatedAt = now, Message = m });
        return [.. added.Concat(kept).Take(Capacity)];
    }

    /// <summary>The messages for what changed, in the order ECS would say them.</summary>
    private static List<string> Transitions(EcsServiceStatus? previous, EcsServiceStatus current, string prefix, string? forceToken)
    {
        var messages = new List<string>(3);
        if (Primary(current) is { } primary)
        {
            // The same deployment as PRIMARY in the previous status; a revision that becomes PRIMARY again (a rollback)
            // starts over.
            var was = previous?.Deployments?.FirstOrDefault(d => d.Id == primary.Id && d.Status == DeploymentStatuses.Primary);
            if (primary.RolloutState == RolloutStates.Failed && was?.RolloutState != RolloutStates.Failed)
            {
                messages.Add($"{prefix}(deployment {primary.Id}) deployment failed: tasks failed to start.");
            }
            if (primary.RolloutState == RolloutStates.Completed && was?.RolloutState != RolloutStates.Completed)
            {
                messages.Add($"{prefix}(deployment {primary.Id}) deployment completed.");
            }
        }
        if (current.Rollback is { } rollback && previous?.Rollback != rollback)
        {
            messages.Add($"{prefix}rolling back to deployment {DeploymentPods.DeploymentId(rollback.ToTaskDefinition, forceToken)}.");
        }
        if (Steady(current) && !Steady(previous))
        {
            messages.Add($"{prefix}has reached a steady state.");
        }
        return messages;
    }

    /// <summary>ECS's steady state: one deployment, completed, running every desired task and starting none.</summary>
    private static bool Steady(EcsServiceStatus? status) =>
        status?.Deployments is [{ Status: DeploymentStatuses.Primary, RolloutState: RolloutStates.Completed }]
        && status.RunningCount == status.DesiredCount && status.PendingCount is null or 0;

    private static ServiceDeployment? Primary(EcsServiceStatus status) =>
        status.Deployments?.FirstOrDefault(d => d.Status == DeploymentStatuses.Primary);

    /// <summary>A UUID-shaped id (ECS's ids are UUIDs) hashed from the time and message.</summary>
    private static string Id(string message, DateTimeOffset createdAt)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(createdAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) + "\n" + message));
        var hex = Convert.ToHexStringLower(hash.AsSpan(0, 16));
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }
}
