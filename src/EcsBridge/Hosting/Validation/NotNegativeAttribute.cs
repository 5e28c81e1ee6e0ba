namespace EcsBridge.Hosting.Validation;

/// <summary>A number or duration of zero or more.</summary>
internal sealed class NotNegativeAttribute(string message) : FlagRuleAttribute(message)
{
    protected override bool IsValidValue(object? value) => value switch
    {
        double d => d >= 0,
        TimeSpan t => t >= TimeSpan.Zero,
        _ => false,
    };
}
