using EcsBridge.Api;
using EcsBridge.Core.Validation;

namespace EcsBridge.Core.Ecs;

/// <summary>Runs the operator's own validators over converted objects, so convert reports exactly what the operator
/// would (warnings: accepted but not honoured; errors: the operator would reject the object).</summary>
internal static class ConversionValidation
{
    public static void Validate(IReadOnlyList<object> objects, ICollection<Diagnostic> diagnostics, ICollection<string> errors)
    {
        var families = new Dictionary<string, EcsTaskDefinitionSpec>(StringComparer.Ordinal);
        foreach (var taskDefinition in objects.OfType<EcsTaskDefinition>())
        {
            families[taskDefinition.Metadata.Name!] = taskDefinition.Spec;
        }
        foreach (var resource in objects)
        {
            var (reference, result) = resource switch
            {
                EcsTaskDefinition t => (EcsConverter.Reference(GroupVersion.TaskDefinitionKind, t.Metadata.Name!),
                    TaskDefinitionValidator.Validate(t.Spec, t.Metadata.Name)),
                EcsService s => (EcsConverter.Reference(GroupVersion.ServiceKind, s.Metadata.Name!),
                    ServiceValidator.Validate(s.Spec, Resolve(s.Spec, families), s.Metadata.Name)),
                _ => throw new ArgumentException("not an EcsBridge object", nameof(objects)),
            };
            Report(reference, result, diagnostics, errors);
        }
    }

    /// <summary>Adds warnings as diagnostics and errors as "ref.path: message (Reason)" lines.</summary>
    public static void Report(string reference, ValidationResult result, ICollection<Diagnostic> diagnostics, ICollection<string> errors)
    {
        foreach (var warning in result.Warnings)
        {
            diagnostics.Add(Diagnostic.Warning($"{reference}.{warning.Path}", warning.Message));
        }
        foreach (var error in result.Errors)
        {
            errors.Add($"{reference}.{error.Path}: {error.Message}");
        }
    }

    private static EcsTaskDefinitionSpec? Resolve(EcsServiceSpec spec, Dictionary<string, EcsTaskDefinitionSpec> families) =>
        TaskDefinitionReference.TryParse(spec.TaskDefinition, out var reference) && families.TryGetValue(reference.Family, out var found)
            ? found
            : null;
}
