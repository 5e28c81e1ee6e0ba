namespace EcsBridge.EcsApi;

/// <summary>One HTTP request as received: method, request target (path and query as sent), headers in order
/// (names as sent; a name may repeat) and the body.</summary>
internal sealed record EcsHttpRequest(string Method, string Target, IReadOnlyList<(string Name, string Value)> Headers, byte[] Body)
{
    /// <summary>The header's values joined with ',' (as SigV4 and HTTP combine repeats), or null when absent.</summary>
    public string? Header(string name)
    {
        var values = Headers.Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value.Trim()).ToList();
        return values.Count == 0 ? null : string.Join(',', values);
    }
}

/// <summary>The answer: status and a JSON body.</summary>
internal readonly record struct EcsHttpResponse(int Status, byte[] Body, string ContentType = "application/x-amz-json-1.1");
