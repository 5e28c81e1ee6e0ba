using System.Text.Json;
using EcsBridge.Api;
using EcsBridge.Core.Build;
using EcsBridge.Core.Status;
using EcsBridge.Core.Validation;
using EcsBridge.Watch;

namespace EcsBridge.Reconcile.Services;

/// <summary>Phase 1 of an EcsService reconcile: which task definition revision the service runs, read from the
/// caches (no I/O), validated against the service.</summary>
internal sealed class RevisionResolver(Caches caches)
{
    public sealed record Resolution(ResolvedTaskDefinition? TaskDefinition, ServiceProblem? Problem, IReadOnlyList<TranslationNote> Notes)
    {
        public ServiceRollback? ActiveRollback { get; init; }

        /// <summary>A problem that leaves the workload running (the family deleted).</summary>
        public ServiceProblem? Warning { get; init; }
    }

    /// <summary>Finds the task definition revision the service runs: the rollback target while a circuit-breaker
    /// rollback holds, else the spec's `family` (latest) or `family:revision` (pinned); with the family deleted, the
    /// stored revision the service already runs.</summary>
    /// <param name="given">What reading the service spec's empty values as absent found (its spec is the service's).</param>
    public Resolution Resolve(EcsService service, WithoutEmptyValues<EcsServiceSpec> given)
    {
        var ns = service.Metadata.Namespace;
        if (!TaskDefinitionReference.TryParse(service.Spec.TaskDefinition, out var reference))
        {
            return new(null, new ServiceProblem(ConditionReasons.ValidationFailed,
                $"spec.taskDefinition: \"{service.Spec.TaskDefinition}\" is not family, family:revision or a task definition ARN"), []);
        }
        // A circuit-breaker rollback holds while the spec still asks for the revision that failed: the same pin, or a
        // followed family whose latest revision is still that one (or that was deleted, so nothing new was given).
        // Only another revision is a new deployment: a scale or any other spec change never brings the failure back.
        ServiceRollback? activeRollback = null;
        if (service.Status?.Rollback is { } rollback && TaskDefinitionReference.TryParse(rollback.ToTaskDefinition, out var rollbackRef))
        {
            var followed = Existing(caches.TaskDefinitions.Get(ns, reference.Family));
            var target = reference.Revision is { } pinnedRevision ? $"{reference.Family}:{pinnedRevision}"
                : followed is not null ? $"{reference.Family}:{followed.Status?.Revision}"
                : rollbackRef.Family == reference.Family ? rollback.FromTaskDefinition : reference.Family;
            if (target == rollback.FromTaskDefinition)
            {
                activeRollback = rollback;
                reference = rollbackRef;
            }
        }
        var td = Existing(caches.TaskDefinitions.Get(ns, reference.Family));
        ServiceProblem? warning = null;
        EcsTaskDefinitionSpec spec;
        int revision;
        if (td is null)
        {
            // The family is gone. The revision the service runs outlives it (the service co-owns it, see
            // RevisionOwnership), so the workload keeps running it; a service that runs nothing of the family fails.
            var runningRevision = TaskDefinitionReference.TryParse(service.Status?.TaskDefinition, out var running) && running.Family == reference.Family
                ? running.Revision : null;
            var keptRevision = reference.Revision ?? runningRevision;
            var kept = keptRevision is { } k ? FindRevision(ns, reference.Family, k) : null;
            if (kept is null)
            {
                return new(null, new ServiceProblem(ConditionReasons.TaskDefinitionNotFound,
                    $"spec.taskDefinition: EcsTaskDefinition \"{reference.Family}\" does not exist in namespace {ns}"), []);
            }
            spec = kept;
            revision = keptRevision!.Value;
            warning = new ServiceProblem(ConditionReasons.TaskDefinitionDeleted,
                $"EcsTaskDefinition \"{reference.Family}\" no longer exists in namespace {ns}; the service keeps running its stored revision {reference.Family}:{revision}. Recreate the task definition or point spec.taskDefinition at another one");
        }
        else if (reference.Revision is null || reference.Revision == td.Status?.Revision)
        {
            var latest = td.Status?.Revision;
            if (latest is null || td.Status?.ObservedGeneration != td.Metadata.Generation)
            {
                // The task definition controller has not recorded this spec yet (or it is invalid); its status
                // update enqueues this service again.
                var tdInvalid = td.Status?.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Valid && c.Status == "False");
                if (tdInvalid is not null && latest is null)
                {
                    return new(null, new ServiceProblem(ConditionReasons.ValidationFailed, $"spec.taskDefinition: EcsTaskDefinition {reference.Family} is invalid: {tdInvalid.Message}"), []);
                }
                if (latest is null)
                {
                    // Created a moment ago: its revision is being recorded, and that status update enqueues us.
                    return new(null, null, []);
                }
                // An invalid newer spec: keep running the last recorded revision.
                var last = FindRevision(ns, reference.Family, latest.Value);
                if (last is null)
                {
                    return new(null, new ServiceProblem(ConditionReasons.RevisionNotFound, $"revision {reference.Family}:{latest} is not recorded"), []);
                }
                spec = last;
                revision = latest.Value;
            }
            else
            {
                spec = td.Spec;
                revision = latest.Value;
            }
        }
        else
        {
            var pinned = FindRevision(ns, reference.Family, reference.Revision.Value);
            if (pinned is null)
            {
                return new(null, new ServiceProblem(ConditionReasons.RevisionNotFound,
                    $"spec.taskDefinition: revision {reference} does not exist (latest is {reference.Family}:{td.Status?.Revision?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"})"), []);
            }
            spec = pinned;
            revision = reference.Revision.Value;
        }

        // The task definition's own notes on empty values live on its status; only what makes it unusable counts here.
        var givenTaskDefinition = EmptyValues.Drop(spec);
        spec = givenTaskDefinition.Spec;
        // An object left incomplete by an empty required field is the only finding then: the validators expect it whole.
        var whole = given.Errors.Count == 0 && givenTaskDefinition.Errors.Count == 0;
        var serviceValidation = whole ? ServiceValidator.Validate(service.Spec, spec, service.Metadata.Name) : ValidationResult.None;
        var tdValidation = whole ? TaskDefinitionValidator.Validate(spec, reference.Family) : ValidationResult.None;
        var notes = given.Notes.Concat(serviceValidation.Warnings).Select(w => w.ToTranslationNote()).ToList();
        var errors = givenTaskDefinition.Errors.Concat(tdValidation.Errors).Concat(given.Errors).Concat(serviceValidation.Errors).ToList();
        if (errors.Count > 0)
        {
            return new(null, new ServiceProblem(ConditionReasons.ValidationFailed, string.Join("; ", errors.Select(e => e.ToString()))), notes);
        }
        return new(new ResolvedTaskDefinition(reference.Family, revision, spec), null, notes) { ActiveRollback = activeRollback, Warning = warning };
    }

    /// <summary>A task definition being deleted counts as gone: its revisions are on their way out.</summary>
    private static EcsTaskDefinition? Existing(EcsTaskDefinition? td) => td?.Metadata.DeletionTimestamp is null ? td : null;

    private EcsTaskDefinitionSpec? FindRevision(string? ns, string family, int revision)
    {
        var stored = caches.Revisions.Get(ns, ControllerRevisionBuilder.Name(family, revision));
        return stored?.Data?.Deserialize(ApiJsonContext.Default.EcsTaskDefinitionSpec);
    }
}
