using System.Text.RegularExpressions;

namespace EcsBridge.Core.Build;

/// <summary>
/// How an ECS secret reference (<c>secrets[].valueFrom</c>) names a Kubernetes Secret and key. EcsBridge never reads
/// AWS; the Secret must exist in the service's namespace (for example synced by External Secrets). The convention
/// (README, "Secret references", shows the same table):
/// <list type="bullet">
/// <item>The secret's name is taken whole, path included: Secrets Manager's name (the random <c>-AbCdEf</c> suffix
/// of an ARN dropped), SSM's parameter name, or the bare name. Leading and trailing <c>/</c> are ignored.</item>
/// <item>A name made only of lower-case letters, digits and <c>-</c> between its <c>/</c> (each segment starting and
/// ending with a letter or digit) maps as it is, <c>/</c> becoming <c>.</c>: <c>prod/db</c> → <c>prod.db</c>.
/// Because such a Secret name never contains a <c>.</c> of its own and <c>-</c> is kept, the mapping is one to
/// one.</item>
/// <item>Any other name (upper case, <c>_ + = @ .</c>, or longer than 253) is lower-cased, those characters
/// become <c>-</c>, and <c>-</c> + eight hex digits of SHA-256 over the name are appended, so two secrets whose
/// names differ only in what the cleaning dropped still get two Secrets: <c>Api_Key</c> → <c>api-key-…</c>.</item>
/// <item>Key = the JSON key after the name (<c>secret-name:json-key:version-stage:version-id</c>, or
/// <c>name:key</c> for a bare name), else <c>value</c>. A version stage or id cannot be honoured (the Secret
/// holds whatever was synced into it); it is returned so the builder can say so in a translation note.</item>
/// </list>
/// </summary>
internal sealed partial record SecretReference(string Name, string Key)
{
    public const string DefaultKey = "value";

    /// <summary>The Secrets Manager version stage (e.g. AWSPREVIOUS) the reference asked for, if any.</summary>
    public string? VersionStage { get; init; }

    /// <summary>The Secrets Manager version id the reference asked for, if any.</summary>
    public string? VersionId { get; init; }

    public static SecretReference Parse(string valueFrom)
    {
        string secretName;
        string[] selectors;
        if (valueFrom.StartsWith("arn:", StringComparison.Ordinal))
        {
            // arn:partition:service:region:account:resource…
            var parts = valueFrom.Split(':');
            var service = parts.Length > 2 ? parts[2] : string.Empty;
            if (service == "secretsmanager" && parts.Length > 6)
            {
                // secret:NAME-AbCdEf[:json-key[:version-stage[:version-id]]]. A full ARN always ends the name with a
                // hyphen and six random characters, which are not part of the name the secret was created with.
                secretName = RandomSuffix().Replace(parts[6], string.Empty);
                selectors = parts[7..];
            }
            else
            {
                // SSM: parameter/NAME (parameter names hold no ':'); any other service: the resource as it is.
                var resource = parts.Length > 5 ? string.Join(':', parts[5..]) : valueFrom;
                secretName = resource.StartsWith("parameter/", StringComparison.Ordinal) ? resource["parameter/".Length..] : resource;
                selectors = [];
            }
        }
        else
        {
            var parts = valueFrom.Split(':');
            secretName = parts[0];
            selectors = parts[1..];
        }

        return new SecretReference(SecretName(secretName), Selector(selectors, 0) ?? DefaultKey)
        {
            VersionStage = Selector(selectors, 1),
            VersionId = Selector(selectors, 2),
        };
    }

    /// <summary>The Secret name for a secret's full name (see the type's summary).</summary>
    public static string SecretName(string name)
    {
        var trimmed = name.Trim('/');
        var segments = trimmed.Split('/');
        var direct = string.Join('.', segments);
        if (direct.Length <= Names.MaxSubdomainLength && segments.All(s => PlainSegment().IsMatch(s)))
        {
            return direct;
        }

        // Lossy: the hash of the name as given keeps names that differ only in case or punctuation apart.
        var hash = Names.Hash(trimmed);
        var cleaned = string.Join('.', segments.Select(CleanSegment).Where(s => s.Length > 0));
        var room = Names.MaxSubdomainLength - hash.Length - 1;
        cleaned = (cleaned.Length > room ? cleaned[..room] : cleaned).TrimEnd('-', '.');
        return cleaned.Length == 0 ? "x" + hash : cleaned + "-" + hash;
    }

    private static string CleanSegment(string segment)
    {
        var characters = segment.ToLowerInvariant().Select(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) ? c : '-').ToArray();
        return new string(characters).Trim('-');
    }

    private static string? Selector(string[] selectors, int index) =>
        index < selectors.Length && selectors[index].Length > 0 ? selectors[index] : null;

    [GeneratedRegex("-[A-Za-z0-9]{6}$", RegexOptions.CultureInvariant)]
    private static partial Regex RandomSuffix();

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainSegment();
}
