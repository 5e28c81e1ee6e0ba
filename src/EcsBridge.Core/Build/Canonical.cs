namespace EcsBridge.Core.Build;

/// <summary>The canonical shapes the builders emit: no empty lists or maps (the server drops them and a re-apply
/// would differ), and maps in ordinal key order so the same input always serializes to the same bytes.</summary>
internal static class Canonical
{
    public static IReadOnlyList<T>? List<T>(IEnumerable<T>? items)
    {
        if (items is null)
        {
            return null;
        }

        var list = items.ToList();
        return list.Count == 0 ? null : list;
    }

    public static IReadOnlyDictionary<string, string>? Map(IEnumerable<KeyValuePair<string, string>>? entries)
    {
        if (entries is null)
        {
            return null;
        }

        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            map[key] = value;
        }

        return map.Count == 0 ? null : map;
    }

    /// <summary>Empty strings are written as absent, as the server itself does for optional strings.</summary>
    public static string? Text(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>Kubernetes expands <c>$(VAR)</c> in env values, command and args; ECS does not. Doubling the dollar
    /// keeps the text literal.</summary>
    public static string EscapeExpansion(string value) => value.Replace("$(", "$$(", StringComparison.Ordinal);
}
