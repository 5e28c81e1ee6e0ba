using System.Text;

namespace EcsBridge.EcsApi;

/// <summary>ECS's nextToken/maxResults paging over a list sorted by key. The token is the last key returned
/// (base64url), so a page after a change neither repeats nor skips what was already listed.</summary>
internal static class EcsPaging
{
    public static (IReadOnlyList<T> Page, string? NextToken) Page<T>(IEnumerable<T> items, Func<T, string> key, string? nextToken, int? maxResults, int defaultMax = 100, int max = 100)
    {
        if (maxResults is { } requested && (requested < 1 || requested > max))
        {
            throw EcsApiException.InvalidParameter($"maxResults must be between 1 and {max}.");
        }
        var limit = maxResults ?? defaultMax;
        var sorted = items.OrderBy(key, StringComparer.Ordinal).ToList();
        var start = 0;
        if (!string.IsNullOrEmpty(nextToken))
        {
            var after = DecodeToken(nextToken);
            start = sorted.FindIndex(item => string.CompareOrdinal(key(item), after) > 0);
            if (start < 0)
            {
                start = sorted.Count;
            }
        }
        var page = sorted.Skip(start).Take(limit).ToList();
        var more = start + page.Count < sorted.Count;
        return (page, more && page.Count > 0 ? EncodeToken(key(page[^1])) : null);
    }

    internal static string EncodeToken(string key) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("v1:" + key)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static string DecodeToken(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            if (text.StartsWith("v1:", StringComparison.Ordinal))
            {
                return text[3..];
            }
        }
        catch (FormatException)
        {
        }
        throw EcsApiException.InvalidParameter("The nextToken is not valid.");
    }
}
