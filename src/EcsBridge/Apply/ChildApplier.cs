using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Observability;
using Microsoft.Extensions.Logging;

namespace EcsBridge.Apply;

/// <summary>
/// Server-side applies desired children with one field manager, but only when the live object does not already carry
/// the body: steady state sends no writes. Callers pass only objects the EcsService controls (see
/// Reconcile/Services/ChildOwnership.cs): an existing one is applied with force (it is ours, and edits by others are
/// drift to undo); a missing one is created without force, so a namesake that appeared since we looked fails with a
/// 409 conflict instead of being taken over.
/// </summary>
internal sealed class ChildApplier(KubeClient client, string fieldManager, ILogger<ChildApplier> logger)
{
    private readonly ApplyOptions _apply = new() { FieldManager = fieldManager, Force = true };
    private readonly ApplyOptions _create = new() { FieldManager = fieldManager, Force = false };

    public string FieldManager => fieldManager;

    public KubeClient Client => client;

    /// <summary>Returns the object as the server now holds it: the applied result, or the live one when no write
    /// was needed. <paramref name="live"/> null means "create".</summary>
    /// <exception cref="KubeConflictException">Creating, and an object with the name appeared meanwhile.</exception>
    public async Task<T> EnsureAsync<T>(ResourceType type, JsonObject body, T? live, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class, IKubernetesObject
    {
        if (live is not null && LiveObjectComparer.Covers(JsonSerializer.SerializeToNode(live, typeInfo), body))
        {
            return live;
        }
        var metadata = body["metadata"]!;
        var ns = metadata["namespace"]?.GetValue<string>();
        var name = metadata["name"]!.GetValue<string>();
        var applied = await client.ApplyAsync(type, ns, name, body, KubeJsonContext.Default.JsonObject, live is null ? _create : _apply,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        Log.Applied(logger, type.Kind, ns + "/" + name);
        return applied.Deserialize(typeInfo) ?? throw new InvalidOperationException($"the API returned no {type.Kind}");
    }

    /// <summary>Applies a body under another field manager (the replicas hand-off to an autoscaler; a service's share of
    /// its family's ServiceAccount); <paramref name="force"/> only over an object we control.</summary>
    public Task ApplyAsManagerAsync(ResourceType type, string? ns, string name, JsonObject body, string manager, bool force,
        CancellationToken cancellationToken) =>
        client.ApplyAsync(type, ns, name, body, KubeJsonContext.Default.JsonObject, new ApplyOptions { FieldManager = manager, Force = force },
            cancellationToken: cancellationToken);

    /// <summary>Deletes a child that is no longer desired; the UID precondition never deletes a namesake.</summary>
    public async Task PruneAsync(ResourceType type, IKubernetesObject live, CancellationToken cancellationToken)
    {
        var deleted = await client.DeleteIfExistsAsync(type, live.Metadata.Namespace, live.Metadata.Name!,
            new DeleteOptions { PropagationPolicy = "Background", PreconditionUid = live.Metadata.Uid }, cancellationToken).ConfigureAwait(false);
        if (deleted)
        {
            Log.Pruned(logger, type.Kind, live.Metadata.Namespace + "/" + live.Metadata.Name);
        }
    }
}
