namespace EcsBridge.Core.Validation;

/// <summary>Errors reject the object (nothing is changed); warnings are fields accepted but not honoured, which
/// go into status.translationNotes — never silently dropped.</summary>
public sealed record ValidationResult
{
    public required IReadOnlyList<ValidationIssue> Errors { get; init; }

    public required IReadOnlyList<ValidationIssue> Warnings { get; init; }

    public bool IsValid => Errors.Count == 0;

    /// <summary>No findings.</summary>
    public static ValidationResult None { get; } = new() { Errors = [], Warnings = [] };
}
