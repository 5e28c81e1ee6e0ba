namespace EcsBridge.Hosting.Validation;

/// <summary>A duration of at least <paramref name="min"/> and, when given, at most <paramref name="max"/> (both as
/// flags spell them: "1s", "24h").</summary>
internal sealed class DurationRangeAttribute(string min, string message, string? max = null) : FlagRuleAttribute(message)
{
    protected override bool IsValidValue(object? value) =>
        value is TimeSpan t && Durations.TryParse(min, out var low) && t >= low
        && (max is null || (Durations.TryParse(max, out var high) && t <= high));
}
