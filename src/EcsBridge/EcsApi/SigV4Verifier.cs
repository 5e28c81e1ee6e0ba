using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EcsBridge.EcsApi;

/// <summary>Verifies AWS Signature Version 4 on an ECS API request: rebuilds the canonical request from what was
/// received, checks the credential scope (date, the configured region, service "ecs"), a 15-minute clock skew and
/// the payload hash, and compares signatures in constant time. Every refusal is an <see cref="EcsApiException"/>
/// of AWS's authentication types; no message carries a secret or the expected signature.</summary>
internal sealed class SigV4Verifier(Func<string, EcsAccessKey?> findKey, string region, TimeProvider time)
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string Service = "ecs";
    private const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";
    private static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(15);

    public EcsAccessKey Verify(EcsHttpRequest request)
    {
        var authorization = request.Header("authorization");
        if (authorization is null)
        {
            throw new EcsApiException(EcsErrorTypes.MissingAuthenticationToken, "Missing Authentication Token");
        }
        var (accessKeyId, scopeDate, scopeRegion, scopeService, terminator, signedHeaders, signature) = ParseAuthorization(authorization);
        var amzDate = request.Header("x-amz-date")
            ?? throw new EcsApiException(EcsErrorTypes.IncompleteSignature, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        if (!DateTimeOffset.TryParseExact(amzDate, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var signedAt))
        {
            throw new EcsApiException(EcsErrorTypes.IncompleteSignature, "X-Amz-Date must be in the ISO8601 basic format yyyyMMdd'T'HHmmss'Z'.");
        }
        if (!signedHeaders.Contains("host") || !signedHeaders.Contains("x-amz-date") || (request.Header("x-amz-target") is not null && !signedHeaders.Contains("x-amz-target")))
        {
            throw new EcsApiException(EcsErrorTypes.IncompleteSignature, "The signed headers must include host, x-amz-date and x-amz-target.");
        }
        var key = findKey(accessKeyId)
            ?? throw new EcsApiException(EcsErrorTypes.UnrecognizedClient, "The security token included in the request is invalid.");
        if (scopeDate != amzDate[..8])
        {
            throw new EcsApiException(EcsErrorTypes.InvalidSignature, $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{scopeDate}' != '{amzDate[..8]}'.");
        }
        if (scopeRegion != region || scopeService != Service || terminator != "aws4_request")
        {
            throw new EcsApiException(EcsErrorTypes.InvalidSignature, $"Credential should be scoped to a valid region and service: expected '{region}/{Service}/aws4_request'.");
        }
        var now = time.GetUtcNow();
        if (signedAt < now - MaxSkew || signedAt > now + MaxSkew)
        {
            throw new EcsApiException(EcsErrorTypes.InvalidSignature,
                $"Signature expired: {amzDate} is now earlier than {(now - MaxSkew).ToString(DateFormat, CultureInfo.InvariantCulture)} or later than {(now + MaxSkew).ToString(DateFormat, CultureInfo.InvariantCulture)}.");
        }
        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(request.Body));
        if (request.Header("x-amz-content-sha256") is { } declared && !string.Equals(declared, payloadHash, StringComparison.OrdinalIgnoreCase))
        {
            throw new EcsApiException(EcsErrorTypes.InvalidSignature, "The provided x-amz-content-sha256 header does not match what was computed.");
        }
        var canonical = CanonicalRequest(request, signedHeaders, payloadHash);
        var scope = $"{scopeDate}/{scopeRegion}/{scopeService}/{terminator}";
        var stringToSign = $"{Algorithm}\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var expected = Sign(key.SecretAccessKey, scopeDate, scopeRegion, scopeService, stringToSign);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature.ToLowerInvariant())))
        {
            throw new EcsApiException(EcsErrorTypes.InvalidSignature,
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.");
        }
        return key;
    }

    /// <summary>The hex signature of <paramref name="stringToSign"/> with the key derived for the scope.</summary>
    internal static string Sign(string secret, string date, string region, string service, string stringToSign)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        key = HMACSHA256.HashData(key, "aws4_request"u8);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
    }

    internal static string CanonicalRequest(EcsHttpRequest request, IReadOnlyList<string> signedHeaders, string payloadHash)
    {
        var target = request.Target;
        var queryAt = target.IndexOf('?', StringComparison.Ordinal);
        var path = queryAt < 0 ? target : target[..queryAt];
        var query = queryAt < 0 ? "" : target[(queryAt + 1)..];
        var builder = new StringBuilder();
        builder.Append(request.Method).Append('\n');
        builder.Append(CanonicalPath(path)).Append('\n');
        builder.Append(CanonicalQuery(query)).Append('\n');
        foreach (var name in signedHeaders)
        {
            var values = request.Headers.Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase))
                .Select(h => string.Join(' ', h.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
            builder.Append(name).Append(':').Append(string.Join(',', values)).Append('\n');
        }
        builder.Append('\n').Append(string.Join(';', signedHeaders)).Append('\n').Append(payloadHash);
        return builder.ToString();
    }

    /// <summary>Each path segment encoded once more (non-S3 services sign the path as the client sent it, encoded).</summary>
    private static string CanonicalPath(string path) =>
        path.Length == 0 ? "/" : string.Join('/', path.Split('/').Select(Encode));

    private static string CanonicalQuery(string query) =>
        string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var name = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
                var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
                return (Name: Encode(name), Value: Encode(value));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value));

    /// <summary>RFC 3986 encoding: everything but the unreserved characters, as %XX in upper case.</summary>
    private static string Encode(string value)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return builder.ToString();
    }

    private static (string AccessKeyId, string Date, string Region, string Service, string Terminator, IReadOnlyList<string> SignedHeaders, string Signature)
        ParseAuthorization(string authorization)
    {
        if (!authorization.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            throw new EcsApiException(EcsErrorTypes.IncompleteSignature, "Only the AWS4-HMAC-SHA256 authorization scheme is accepted.");
        }
        string? credential = null, signedHeaders = null, signature = null;
        foreach (var part in authorization[(Algorithm.Length + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                continue;
            }
            var value = part[(eq + 1)..];
            switch (part[..eq])
            {
                case "Credential": credential = value; break;
                case "SignedHeaders": signedHeaders = value; break;
                case "Signature": signature = value; break;
            }
        }
        var scope = credential?.Split('/');
        if (scope is not { Length: 5 } || signedHeaders is null || signature is null || signature.Length != 64)
        {
            throw new EcsApiException(EcsErrorTypes.IncompleteSignature,
                "Authorization header requires 'Credential' (key/date/region/service/aws4_request), 'SignedHeaders' and 'Signature' parameters.");
        }
        var headers = signedHeaders.Split(';');
        if (headers.Any(h => h.Length == 0 || !string.Equals(h, h.ToLowerInvariant(), StringComparison.Ordinal)))
        {
            throw new EcsApiException(EcsErrorTypes.IncompleteSignature, "SignedHeaders must be lower-case header names separated by ';'.");
        }
        return (scope[0], scope[1], scope[2], scope[3], scope[4], headers, signature);
    }
}
