using System.Globalization;
using EcsBridge.Api;
using EcsBridge.Core.Build;
using EcsBridge.Core.Build.Strategies;
using EcsBridge.Core.Validation;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Core.Ecs;

/// <summary>Offline preview of what the operator applies: input (ECS JSON or EcsBridge YAML, converted first) →
/// each EcsService resolved against the task definitions of the same input → <see cref="DesiredStateBuilder"/>,
/// the builders the reconciler itself calls. Pure: no I/O.</summary>
/// <remarks>Resolution, per service: the task definition whose name is the reference's family must be in the
/// input. "family" takes it (the highest revision when the input has several). "family:N" takes the one whose
/// revision is N, where a task definition's revision is status.revision, else the ECS revision convert recorded
/// (annotation ecsbridge.io/source-revision); when none has revision N and the input holds exactly one task
/// definition of that family, that one is used with a note; otherwise it is an error.</remarks>
public static class EcsRenderer
{
    /// <summary>The revision used for children's labels when the input says none: the operator numbers a newly
    /// applied task definition's first revision 1.</summary>
    public const int FirstRevision = 1;

    public static RenderResult Render(IReadOnlyList<InputDocument> documents, RenderOptions options)
    {
        var conversion = EcsConverter.Convert(documents, new ConvertOptions { Namespace = options.Namespace });
        var diagnostics = conversion.Diagnostics.ToList();
        var errors = new List<string>();
        var taskDefinitions = conversion.TaskDefinitions.ToList();
        var services = conversion.Services.ToList();
        if (services.Count == 0)
        {
            throw new EcsInputException("nothing to render: the input has no service (EcsService, describe-services or create-service JSON)");
        }

        var rendered = new List<RenderedService>();
        var used = new HashSet<EcsTaskDefinition>(ReferenceEqualityComparer.Instance);
        var revisions = new List<ControllerRevision>();
        foreach (var service in services)
        {
            var reference = EcsConverter.Reference(GroupVersion.ServiceKind, service.Metadata.Name!);
            var taskDefinition = Resolve(service, reference, taskDefinitions, diagnostics, errors);
            if (taskDefinition is null)
            {
                continue;
            }
            used.Add(taskDefinition);
            var family = taskDefinition.Metadata.Name!;
            // Validate against the revision actually resolved (convert matched by family only).
            var validation = ServiceValidator.Validate(service.Spec, taskDefinition.Spec, service.Metadata.Name);
            var ignored = new List<Diagnostic>();
            ConversionValidation.Report(reference, validation, ignored, errors);
            if (!validation.IsValid)
            {
                continue;
            }
            var resolved = new ResolvedTaskDefinition(family, RevisionOf(taskDefinition) ?? FirstRevision, taskDefinition.Spec);
            var revision = ControllerRevisionBuilder.Build(taskDefinition, resolved.Revision);
            if (!revisions.Any(r => r.Metadata.Name == revision.Metadata.Name))
            {
                revisions.Add(revision);
            }
            var state = DesiredStateBuilder.Build(service, resolved, options.Build);
            if (service.Spec.DeploymentConfiguration?.Strategy == DeploymentStrategies.BlueGreen && state.Deployment is not null)
            {
                // What a first BLUE_GREEN deployment creates: the revision's own Deployment, the production Service
                // selecting that revision, and the test Service. No time is involved until a second revision arrives.
                state = BlueGreenPlanner.Plan(new BlueGreenInput
                {
                    Desired = state, ServiceName = service.Metadata.Name!, Family = family, Revision = resolved.Revision,
                    DesiredCount = service.Spec.DesiredCount ?? 1, BakeTimeInMinutes = service.Spec.DeploymentConfiguration.BakeTimeInMinutes ?? 0,
                    Live = [], Now = DateTimeOffset.UnixEpoch,
                }).Desired;
            }
            if (service.Spec.DeploymentConfiguration is { Strategy: DeploymentStrategies.Linear or DeploymentStrategies.Canary } shift && state.Deployment is not null)
            {
                // What a first LINEAR/CANARY deployment creates: the revision's own Deployment at desiredCount and the
                // production Service selecting every revision. Steps begin with the second revision.
                state = TrafficShiftPlanner.Plan(new TrafficShiftInput
                {
                    Desired = state, ServiceName = service.Metadata.Name!, Family = family, Revision = resolved.Revision,
                    DesiredCount = service.Spec.DesiredCount ?? 1, BakeTimeInMinutes = shift.BakeTimeInMinutes ?? 0,
                    Schedule = shift.Strategy == DeploymentStrategies.Linear
                        ? TrafficShiftSchedule.Linear(shift.LinearConfiguration) : TrafficShiftSchedule.Canary(shift.CanaryConfiguration),
                    Live = [], Now = DateTimeOffset.UnixEpoch,
                }).Desired;
            }
            AddBuildNotes(state, reference, family, diagnostics);
            rendered.Add(new RenderedService(service, resolved, state));
        }
        foreach (var unused in taskDefinitions.Where(t => !used.Contains(t)))
        {
            diagnostics.Add(Diagnostic.Note(EcsConverter.Reference(GroupVersion.TaskDefinitionKind, unused.Metadata.Name!),
                "no service in the input runs it; nothing to render for it"));
        }
        if (errors.Count > 0)
        {
            throw new EcsInputException(string.Join('\n', errors));
        }
        return new RenderResult { Revisions = revisions, Services = rendered, Diagnostics = diagnostics };
    }

    /// <summary>The revision a task definition of the input stands for: status.revision (read back from a cluster),
    /// else the ECS revision convert recorded; null when the input says nothing.</summary>
    public static int? RevisionOf(EcsTaskDefinition taskDefinition)
    {
        if (taskDefinition.Status?.Revision is { } revision)
        {
            return revision;
        }
        return taskDefinition.Metadata.Annotations?.TryGetValue(ConvertAnnotations.SourceRevision, out var text) == true
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var source) && source > 0
            ? source
            : null;
    }

    private static EcsTaskDefinition? Resolve(EcsService service, string reference, List<EcsTaskDefinition> taskDefinitions,
        List<Diagnostic> diagnostics, List<string> errors)
    {
        if (!TaskDefinitionReference.TryParse(service.Spec.TaskDefinition, out var wanted))
        {
            // The validators already reported it as an error during conversion.
            errors.Add($"{reference}.spec.taskDefinition: '{service.Spec.TaskDefinition}' is not family, family:revision or a task definition ARN");
            return null;
        }
        var candidates = taskDefinitions
            .Where(t => t.Metadata.Name == wanted.Family && SameNamespace(t.Metadata.Namespace, service.Metadata.Namespace))
            .ToList();
        if (candidates.Count == 0)
        {
            errors.Add($"{reference}.spec.taskDefinition: the task definition '{wanted.Family}' is not in the input; render needs it (add its describe-task-definition output or EcsTaskDefinition)");
            return null;
        }
        if (wanted.Revision is not { } pinned)
        {
            // "family" means the latest: the highest revision, or the last one given.
            return candidates.OrderBy(t => RevisionOf(t) ?? 0).ThenBy(candidates.IndexOf).Last();
        }
        var matching = candidates.Where(t => RevisionOf(t) == pinned).ToList();
        if (matching.Count > 0)
        {
            return matching[^1];
        }
        if (candidates.Count == 1)
        {
            var only = candidates[0];
            var has = RevisionOf(only) is { } r ? $"revision {r}" : "no revision";
            diagnostics.Add(Diagnostic.Note($"{reference}.spec.taskDefinition",
                $"pinned to revision {pinned}; the input's only '{wanted.Family}' has {has}, so that one is rendered"));
            return only;
        }
        var revisions = string.Join(", ", candidates.Select(t => RevisionOf(t)?.ToString(CultureInfo.InvariantCulture) ?? "none"));
        errors.Add($"{reference}.spec.taskDefinition: revision {pinned} of '{wanted.Family}' is not in the input (its revisions there: {revisions})");
        return null;
    }

    /// <summary>An object without a namespace lands in whatever namespace kubectl applies it to, so it matches any.</summary>
    private static bool SameNamespace(string? a, string? b) => a is null || b is null || a == b;

    /// <summary>The builders' notes, as warnings on the object they concern; fields convert already warned about are not repeated.</summary>
    private static void AddBuildNotes(DesiredState state, string serviceReference, string family, List<Diagnostic> diagnostics)
    {
        var taskDefinitionReference = EcsConverter.Reference(GroupVersion.TaskDefinitionKind, family);
        var warned = diagnostics.Select(d => d.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var note in state.Notes)
        {
            var path = note.Field.StartsWith("taskDefinition.", StringComparison.Ordinal)
                ? $"{taskDefinitionReference}.spec.{note.Field["taskDefinition.".Length..]}"
                : $"{serviceReference}.{note.Field}";
            if (warned.Add(path))
            {
                diagnostics.Add(Diagnostic.Warning(path, note.Message));
            }
        }
    }
}
