namespace EcsBridge.Core.Validation;

/// <summary>Collects errors and warnings while a validator walks a spec.</summary>
internal sealed class IssueCollector
{
    private readonly List<ValidationIssue> _errors = [];
    private readonly List<ValidationIssue> _warnings = [];

    public void Error(string path, string reason, string message) => _errors.Add(new ValidationIssue(path, reason, message));

    public void Warn(string path, string reason, string message) => _warnings.Add(new ValidationIssue(path, reason, message));

    public void NotSupported(string path, string message) => Warn(path, ValidationReasons.NotSupported, message);

    public ValidationResult ToResult() => new() { Errors = [.. _errors], Warnings = [.. _warnings] };
}
