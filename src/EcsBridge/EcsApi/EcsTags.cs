using System.Text.Json;
using EcsBridge.Api;

namespace EcsBridge.EcsApi;

/// <summary>ECS's tag rules and the tag edits of TagResource and UntagResource. Pure.</summary>
internal static class EcsTags
{
    public const int MaxTags = 50;
    public const int MaxKeyLength = 128;
    public const int MaxValueLength = 256;

    /// <summary>Where the tags of an object that has no tags field are kept (an API-created cluster's namespace): the
    /// list as JSON, so keys and values come back exactly as given.</summary>
    public const string Annotation = "ecsbridge.io/ecs-tags";

    /// <summary>The annotation holding the tags of one task definition revision (TagResource on its ARN): a
    /// revision's spec is immutable, so its tags are kept beside it.</summary>
    public static string RevisionAnnotation(int revision) => Annotation + "." + revision.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Refuses tags that break ECS's rules (InvalidParameterException, as ECS).</summary>
    public static void Validate(IReadOnlyList<ResourceTag>? tags)
    {
        foreach (var tag in tags ?? [])
        {
            ValidateKey(tag.Key);
            var value = tag.Value ?? "";
            if (value.Length > MaxValueLength || !value.All(Allowed))
            {
                throw EcsApiException.InvalidParameter($"The value of tag '{tag.Key}' must be 0 to {MaxValueLength} letters, digits, spaces or + - = . _ : / @.");
            }
        }
        if (tags is { Count: > MaxTags })
        {
            throw EcsApiException.InvalidParameter($"A resource can have at most {MaxTags} tags.");
        }
        if (tags?.GroupBy(t => t.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw EcsApiException.InvalidParameter($"The tag key '{duplicate.Key}' appears more than once.");
        }
    }

    public static void ValidateKey(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxKeyLength || !key.All(Allowed))
        {
            throw EcsApiException.InvalidParameter($"A tag key must be 1 to {MaxKeyLength} letters, digits, spaces or + - = . _ : / @.");
        }
        if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
        {
            throw EcsApiException.InvalidParameter("Tag keys starting with 'aws:' are reserved for AWS use.");
        }
    }

    /// <summary>TagResource: <paramref name="added"/> replaces the value of a key already there and is appended
    /// otherwise; the result must still hold at most 50 tags.</summary>
    public static IReadOnlyList<ResourceTag> Merge(IReadOnlyList<ResourceTag>? existing, IReadOnlyList<ResourceTag> added)
    {
        Validate(added);
        var result = (existing ?? []).Select(t => added.FirstOrDefault(a => a.Key == t.Key) ?? t).ToList();
        result.AddRange(added.Where(a => result.All(t => t.Key != a.Key)));
        if (result.Count > MaxTags)
        {
            throw EcsApiException.InvalidParameter($"A resource can have at most {MaxTags} tags; it would have {result.Count}.");
        }
        return result;
    }

    /// <summary>UntagResource: the tags without <paramref name="keys"/> (a key that is not there is no error, as ECS).</summary>
    public static IReadOnlyList<ResourceTag> Remove(IReadOnlyList<ResourceTag>? existing, IReadOnlyList<string> keys)
    {
        foreach (var key in keys)
        {
            ValidateKey(key);
        }
        return (existing ?? []).Where(t => !keys.Contains(t.Key, StringComparer.Ordinal)).ToList();
    }

    public static IReadOnlyList<ResourceTag> Read(IReadOnlyDictionary<string, string>? annotations, string annotation)
    {
        if (annotations?.TryGetValue(annotation, out var text) != true || string.IsNullOrEmpty(text))
        {
            return [];
        }
        try
        {
            return JsonSerializer.Deserialize(text, EcsApiJsonContext.Default.ListResourceTag) ?? [];
        }
        catch (JsonException)
        {
            // Someone else wrote the annotation: no tags rather than an error on every read.
            return [];
        }
    }

    public static string Write(IReadOnlyList<ResourceTag> tags) =>
        JsonSerializer.Serialize(tags.ToList(), EcsApiJsonContext.Default.ListResourceTag);

    private static bool Allowed(char c) => char.IsLetterOrDigit(c) || c is ' ' or '+' or '-' or '=' or '.' or '_' or ':' or '/' or '@';
}
