using System.Globalization;
using System.Text.RegularExpressions;

namespace EcsBridge.Core.Validation;

/// <summary>An EcsService's taskDefinition: "family" (the latest revision), "family:revision" (pinned) or an ARN
/// arn:aws:ecs:region:account:task-definition/family[:revision], which is reduced to family[:revision].</summary>
public sealed partial record TaskDefinitionReference(string Family, int? Revision)
{
    public static bool TryParse(string? text, out TaskDefinitionReference reference)
    {
        reference = new TaskDefinitionReference("", null);
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var value = text.Trim();
        if (value.StartsWith("arn:", StringComparison.Ordinal))
        {
            var arn = Arn().Match(value);
            if (!arn.Success)
            {
                return false;
            }
            value = arn.Groups["rest"].Value;
        }
        var match = FamilyRevision().Match(value);
        if (!match.Success)
        {
            return false;
        }
        int? revision = null;
        if (match.Groups["revision"].Success)
        {
            if (!int.TryParse(match.Groups["revision"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
            {
                return false;
            }
            revision = number;
        }
        reference = new TaskDefinitionReference(match.Groups["family"].Value, revision);
        return true;
    }

    public override string ToString() => Revision is { } revision ? $"{Family}:{revision}" : Family;

    [GeneratedRegex("^arn:aws[a-z-]*:ecs:[a-z0-9-]*:[0-9]*:task-definition/(?<rest>.+)$")]
    private static partial Regex Arn();

    [GeneratedRegex("^(?<family>[A-Za-z0-9_-]{1,255})(:(?<revision>[0-9]+))?$")]
    private static partial Regex FamilyRevision();
}
