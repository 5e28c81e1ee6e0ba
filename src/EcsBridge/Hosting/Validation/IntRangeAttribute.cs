namespace EcsBridge.Hosting.Validation;

/// <summary>An integer between <paramref name="min"/> and <paramref name="max"/>, both included.</summary>
internal sealed class IntRangeAttribute(int min, int max, string message) : FlagRuleAttribute(message)
{
    protected override bool IsValidValue(object? value) => value is int v && v >= min && v <= max;
}
