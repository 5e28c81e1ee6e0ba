using System.Text.RegularExpressions;

namespace EcsBridge.Hosting.Validation;

/// <summary>Which <see cref="NamePatterns"/> shape a value must have.</summary>
internal enum NamePattern
{
    Region,
    AccountId,
}

/// <summary>Text of one <see cref="NamePattern"/> shape (attribute arguments cannot be regexes).</summary>
internal sealed class MatchesAttribute(NamePattern pattern, string message) : FlagRuleAttribute(message)
{
    protected override bool IsValidValue(object? value) => value is string s && Regex(pattern).IsMatch(s);

    private static Regex Regex(NamePattern pattern) => pattern switch
    {
        NamePattern.Region => NamePatterns.RegionName(),
        _ => NamePatterns.AccountId(),
    };
}
