namespace EcsBridge.Core.Build;

/// <summary>
/// How an ECS secret reference (<c>secrets[].valueFrom</c>) names a Kubernetes Secret. EcsBridge never reads AWS; the
/// Secret must exist in the service's namespace (for example synced by External Secrets). The convention:
/// <list type="bullet">
/// <item>Secret name = the last path segment of the secret's name, lower-cased and made a DNS-1123 name
/// (<c>_</c> and other invalid characters become <c>-</c>).
/// Secrets Manager <c>arn:aws:secretsmanager:r:a:secret:prod/db-creds:password::</c> → name <c>db-creds</c>;
/// SSM <c>arn:aws:ssm:r:a:parameter/prod/api/TOKEN</c> or the bare <c>/prod/api/TOKEN</c> → name <c>token</c>.</item>
/// <item>Key = the JSON key that follows the secret name after <c>:</c> when present (Secrets Manager's
/// <c>secret-name:json-key:version-stage:version-id</c> form, or <c>name:key</c> for a bare name), else <c>value</c>.</item>
/// </list>
/// </summary>
internal sealed record SecretReference(string Name, string Key)
{
    public const string DefaultKey = "value";

    public static SecretReference Parse(string valueFrom)
    {
        string secretName;
        string? jsonKey = null;
        if (valueFrom.StartsWith("arn:", StringComparison.Ordinal))
        {
            // arn:partition:service:region:account:resource…
            var parts = valueFrom.Split(':');
            var service = parts.Length > 2 ? parts[2] : string.Empty;
            if (service == "secretsmanager" && parts.Length > 6)
            {
                secretName = parts[6];
                jsonKey = parts.Length > 7 ? parts[7] : null;
            }
            else
            {
                secretName = parts.Length > 5 ? string.Join(':', parts[5..]) : valueFrom;
            }
        }
        else
        {
            var colon = valueFrom.IndexOf(':', StringComparison.Ordinal);
            secretName = colon < 0 ? valueFrom : valueFrom[..colon];
            jsonKey = colon < 0 ? null : valueFrom[(colon + 1)..].Split(':')[0];
        }

        var lastSegment = secretName.TrimEnd('/');
        var slash = lastSegment.LastIndexOf('/');
        if (slash >= 0)
        {
            lastSegment = lastSegment[(slash + 1)..];
        }

        return new SecretReference(Names.Dns1123Subdomain(lastSegment), string.IsNullOrEmpty(jsonKey) ? DefaultKey : jsonKey);
    }
}
