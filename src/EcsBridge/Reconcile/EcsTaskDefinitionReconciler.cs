using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcsBridge.Api;
using EcsBridge.Core.Build;
using EcsBridge.Core.Status;
using EcsBridge.Core.Validation;
using EcsBridge.Events;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Models.Workloads;
using EcsBridge.Kubernetes.Watch;
using EcsBridge.Observability;
using EcsBridge.Status;
using EcsBridge.Watch;
using Microsoft.Extensions.Logging;

namespace EcsBridge.Reconcile;

/// <summary>
/// Keeps ECS's revision semantics: every distinct valid spec of an EcsTaskDefinition is recorded once, as an
/// immutable, numbered ControllerRevision owned by the task definition (so services pinned to `web:3` keep
/// working and rollbacks have something to go back to). History is bounded, but a revision a service uses (pins,
/// runs, completed last or rolled back to) is never pruned. An invalid spec records nothing: services keep the last valid revision.
/// </summary>
internal sealed class EcsTaskDefinitionReconciler(
    KubeClient client, Caches caches, StatusWriter statusWriter, EventRecorder events, int historyLimit, TimeProvider time,
    ILogger<EcsTaskDefinitionReconciler> logger) : IReconciler
{
    public string Name => "ecstaskdefinition";

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var td = caches.TaskDefinitions.Get(key.Namespace, key.Name);
        if (td is null || td.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }
        var now = Truncate(time.GetUtcNow());
        var family = td.Metadata.Name!;
        // Empty values pasted from ECS JSON ("", [], {}) are absent, as `convert` reads them; the revision keeps the spec as given.
        var given = EmptyValues.Drop(td.Spec);
        // An object left incomplete by an empty required field is the only finding then: the validators expect it whole.
        var checks = given.Errors.Count == 0 ? TaskDefinitionValidator.Validate(given.Spec, family) : ValidationResult.None;
        var validation = new ValidationResult { Errors = [.. given.Errors, .. checks.Errors], Warnings = [.. given.Notes, .. checks.Warnings] };
        var revisions = caches.Revisions.ByOwner(td.Metadata.Uid!).OrderBy(r => r.Revision).ToList();
        var hash = ControllerRevisionBuilder.SpecHash(td.Spec);
        var latest = revisions.LastOrDefault();
        var previousStatus = td.Status;
        var revision = (int?)latest?.Revision ?? previousStatus?.Revision;

        if (!validation.IsValid)
        {
            var message = string.Join("; ", validation.Errors.Select(e => e.ToString()));
            Log.Invalid(logger, GroupVersion.TaskDefinitionKind, key.ToString(), message);
            await WriteStatusAsync(td, revision, revisions, validation, now, message, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        if (latest is null || ControllerRevisionBuilder.SpecHashOf(latest) != hash)
        {
            // A task definition converted from ECS starts at its ECS revision, so `web:14` pins keep meaning web:14.
            var foreign = HighestForeignRevision(td);
            var next = latest is null && previousStatus?.Revision is null && Core.Ecs.EcsRenderer.RevisionOf(td) is > 0 and var source && source > foreign
                ? source
                : Math.Max(Math.Max((int?)latest?.Revision ?? 0, previousStatus?.Revision ?? 0), foreign) + 1;
            var created = await RecordRevisionAsync(td, next, hash, cancellationToken).ConfigureAwait(false);
            revisions.Add(created);
            revision = next;
            Log.RevisionRecorded(logger, family, next);
            events.Record(td, EventRecorder.Normal, ConditionReasons.RevisionRecorded, $"recorded revision {family}:{next}");
        }

        await PruneAsync(td, revisions, cancellationToken).ConfigureAwait(false);
        await WriteStatusAsync(td, revision, revisions, validation, now, null, cancellationToken).ConfigureAwait(false);
        return ReconcileResult.Done;
    }

    private async Task<ControllerRevision> RecordRevisionAsync(EcsTaskDefinition td, int revision, string hash, CancellationToken cancellationToken)
    {
        var family = td.Metadata.Name!;
        var body = ControllerRevisionBuilder.Build(td, revision);
        try
        {
            return await client.CreateAsync(OperatorResources.ControllerRevisions, td.Metadata.Namespace, body,
                WorkloadsJsonContext.Default.ControllerRevision, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (KubeAlreadyExistsException ex)
        {
            // Already recorded (a previous attempt whose answer was lost, or a cache behind): read what is there.
            var existing = await client.GetAsync(OperatorResources.ControllerRevisions, td.Metadata.Namespace, body.Metadata.Name!,
                WorkloadsJsonContext.Default.ControllerRevision, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (ControllerRevisionBuilder.SpecHashOf(existing) != hash)
            {
                throw new InvalidOperationException($"revision {family}:{revision} exists with another spec; retrying with the next number", ex);
            }
            return existing;
        }
    }

    private async Task PruneAsync(EcsTaskDefinition td, List<ControllerRevision> revisions, CancellationToken cancellationToken)
    {
        if (revisions.Count <= historyLimit)
        {
            return;
        }
        var inUse = RevisionsInUse(td.Metadata.Namespace, td.Metadata.Name!);
        var prunable = revisions.Take(revisions.Count - historyLimit)
            .Where(r => !inUse.Contains((int)r.Revision) && r.Metadata.OwnerReferences?.Any(o => o.Kind == GroupVersion.ServiceKind) != true)
            .ToList();
        foreach (var old in prunable)
        {
            await client.DeleteIfExistsAsync(OperatorResources.ControllerRevisions, old.Metadata.Namespace, old.Metadata.Name!,
                new DeleteOptions { PreconditionUid = old.Metadata.Uid }, cancellationToken).ConfigureAwait(false);
            revisions.Remove(old);
        }
    }

    /// <summary>Revisions of the family that some service in the namespace needs: pinned by its spec, running (any
    /// of its deployments), its last completed one, or its rollback target. Every service of the namespace is
    /// looked at, not only those following the family now, since one that moved to another family may still run
    /// this one's revision. Only called when there is something to prune.</summary>
    private HashSet<int> RevisionsInUse(string? ns, string family)
    {
        var inUse = new HashSet<int>();
        void Add(string? text)
        {
            if (TaskDefinitionReference.TryParse(text, out var reference) && reference.Family == family && reference.Revision is { } number)
            {
                inUse.Add(number);
            }
        }
        foreach (var service in ns is null ? caches.Services.List() : caches.Services.ByIndex(Kubernetes.Watch.ObjectStore<EcsService>.NamespaceIndex, ns))
        {
            Add(service.Spec.TaskDefinition);
            Add(service.Status?.TaskDefinition);
            Add(service.Status?.LastCompletedTaskDefinition);
            Add(service.Status?.Rollback?.ToTaskDefinition);
            foreach (var deployment in service.Status?.Deployments ?? [])
            {
                Add(deployment.TaskDefinition);
            }
        }
        return inUse;
    }

    /// <summary>The highest revision of the family recorded in the namespace by anything but this task definition:
    /// a deleted namesake's revisions that services still run. A recreated family numbers on from there, so it never
    /// reuses a name that is taken.</summary>
    private int HighestForeignRevision(EcsTaskDefinition td) =>
        caches.Revisions.ByIndex(Kubernetes.Watch.ObjectStore<ControllerRevision>.LabelIndex, $"{Labels.TaskDefinition}={Names.LabelValue(td.Metadata.Name!)}")
            .Where(r => r.Metadata.Namespace == td.Metadata.Namespace && r.Metadata.OwnerReferences?.Any(o => o.Uid == td.Metadata.Uid) != true)
            .Select(r => (int)r.Revision)
            .DefaultIfEmpty(0)
            .Max();

    private async Task WriteStatusAsync(EcsTaskDefinition td, int? revision, IReadOnlyList<ControllerRevision> revisions,
        ValidationResult validation, DateTimeOffset now, string? invalidMessage, CancellationToken cancellationToken)
    {
        var generation = td.Metadata.Generation;
        var previous = td.Status?.Conditions;
        var notes = validation.Warnings.Select(w => w.ToTranslationNote()).ToList();
        var valid = invalidMessage is null;
        var conditions = new List<Condition>
        {
            Conditions.Make(ConditionTypes.Ready, valid && revision is not null,
                valid ? ConditionReasons.RevisionRecorded : ConditionReasons.ValidationFailed,
                valid ? $"revision {td.Metadata.Name}:{revision} is current" : invalidMessage, generation, previous, now),
            Conditions.Make(ConditionTypes.Valid, valid, valid ? ConditionReasons.SpecValid : ConditionReasons.ValidationFailed,
                valid ? "the task definition is valid" : invalidMessage, generation, previous, now),
            // Degraded, so GitOps health checks built on Ready/Degraded read both kinds the same way.
            Conditions.Make(ConditionTypes.Degraded, !valid, valid ? ConditionReasons.AsExpected : ConditionReasons.ValidationFailed,
                valid ? "no problems" : invalidMessage, generation, previous, now),
            notes.Count == 0
                ? Conditions.Make(ConditionTypes.Translated, true, ConditionReasons.FullyTranslated, "every field is honoured on Kubernetes", generation, previous, now)
                : Conditions.Make(ConditionTypes.Translated, false, ConditionReasons.LossyTranslation,
                    $"{notes.Count} field(s) accepted but not honoured: " + string.Join("; ", notes.Select(n => $"{n.Field}: {n.Message}")), generation, previous, now),
        };
        var status = new EcsTaskDefinitionStatus
        {
            ObservedGeneration = generation,
            Revision = revision,
            Containers = td.Spec.ContainerDefinitions is { Count: > 0 } containers ? string.Join(",", containers.Select(c => c.Name)) : null,
            History = revisions.Count == 0 ? null : revisions.Select(r => new TaskDefinitionRevision
            {
                Revision = (int)r.Revision,
                Hash = ControllerRevisionBuilder.SpecHashOf(r),
                ControllerRevision = r.Metadata.Name,
                CreatedAt = r.Metadata.CreationTimestamp,
            }).ToList(),
            TranslationNotes = notes.Count == 0 ? null : notes,
            Conditions = conditions,
        };
        var wasInvalid = td.Status?.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Valid)?.Status == "False";
        if (await statusWriter.WriteAsync(OperatorResources.EcsTaskDefinitions, td, td.Status, status, ApiJsonContext.Default.EcsTaskDefinitionStatus, cancellationToken).ConfigureAwait(false)
            && !valid && !wasInvalid)
        {
            events.Record(td, EventRecorder.Warning, ConditionReasons.ValidationFailed, invalidMessage);
        }
    }

    private static DateTimeOffset Truncate(DateTimeOffset t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
