using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace EcsBridge.Hosting.Validation;

/// <summary>A rule on one option whose message is the start-up error line as users see it ("--concurrency must be
/// between 1 and 256, got 0"): the message names the flag, and no member name is attached, so the options validator
/// reports it as written.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal abstract class FlagRuleAttribute(string message) : ValidationAttribute
{
    /// <summary>The line, with {0} standing for the value.</summary>
    public string Message { get; } = message;

    protected abstract bool IsValidValue(object? value);

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        IsValidValue(value) ? ValidationResult.Success : new ValidationResult(string.Format(CultureInfo.InvariantCulture, Message, value));
}
