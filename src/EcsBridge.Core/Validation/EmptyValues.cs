using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using EcsBridge.Api;
using EcsBridge.Core.Ecs;

namespace EcsBridge.Core.Validation;

/// <summary>A spec with its empty values read as absent, and what that reading found.</summary>
/// <param name="Notes">One per object or list that was nothing but empty values (bare "" text goes silently, as
/// `convert` does it).</param>
/// <param name="Errors">What became unusable: an object whose required field was "" while others were set.</param>
public sealed record WithoutEmptyValues<T>(T Spec, IReadOnlyList<ValidationIssue> Notes, IReadOnlyList<ValidationIssue> Errors);

/// <summary>ECS JSON pasted into a spec (`kubectl apply`) carries "" for unset text, [] and {} for none, and objects of
/// nothing but those. The operator and `render` read them as absent exactly as `convert` reads pasted JSON: through
/// the same <see cref="LenientNormalizer"/>, so the three paths cannot disagree.</summary>
public static class EmptyValues
{
    private static readonly LenientNormalizer Normalizer = new(ApiJsonContext.Default.Options);

    public static WithoutEmptyValues<EcsTaskDefinitionSpec> Drop(EcsTaskDefinitionSpec spec) => Drop(spec, ApiJsonContext.Default.EcsTaskDefinitionSpec);

    public static WithoutEmptyValues<EcsServiceSpec> Drop(EcsServiceSpec spec) => Drop(spec, ApiJsonContext.Default.EcsServiceSpec);

    private static WithoutEmptyValues<T> Drop<T>(T spec, JsonTypeInfo<T> info)
    {
        var given = JsonSerializer.SerializeToNode(spec, info);
        var diagnostics = new List<Diagnostic>();
        var errors = new List<string>();
        var normalized = Normalizer.Normalize(given, typeof(T), "spec", diagnostics, errors);
        if (errors.Count == 0 && JsonNode.DeepEquals(given, normalized))
        {
            // Nothing was empty: the same instance, so nothing downstream sees a change.
            return new(spec, [], []);
        }
        var notes = diagnostics.Select(d => new ValidationIssue(d.Path, ValidationReasons.ReadAsAbsent, d.Message)).ToList();
        var problems = errors.Select(e => Problem(e)).ToList();
        return new(problems.Count == 0 ? normalized.Deserialize(info)! : spec, notes, problems);
    }

    /// <summary>The normalizer writes "path: message"; a validation issue keeps them apart.</summary>
    private static ValidationIssue Problem(string error)
    {
        var colon = error.IndexOf(": ", StringComparison.Ordinal);
        return colon < 0 ? new ValidationIssue("spec", ValidationReasons.MissingField, error)
            : new ValidationIssue(error[..colon], ValidationReasons.MissingField, error[(colon + 2)..] + " (the other fields are set, so the object is not read as absent)");
    }
}
