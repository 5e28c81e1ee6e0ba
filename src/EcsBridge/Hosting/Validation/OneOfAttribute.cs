namespace EcsBridge.Hosting.Validation;

/// <summary>One of a fixed set of words; <see cref="IgnoreCase"/> for log levels, which .NET spells capitalised.</summary>
internal sealed class OneOfAttribute(string message, params string[] allowed) : FlagRuleAttribute(message)
{
    public bool IgnoreCase { get; init; }

    protected override bool IsValidValue(object? value) =>
        value is string s && allowed.Contains(s, IgnoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
}
