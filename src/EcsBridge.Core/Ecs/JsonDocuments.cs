using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EcsBridge.Core.Ecs;

/// <summary>Parses one JSON value, or several concatenated in one stream (`aws ecs …` run twice into one file).
/// Comments and trailing commas are tolerated because hand-edited files have them.</summary>
public static class JsonDocuments
{
    public static IReadOnlyList<InputDocument> Parse(string text, string sourceName)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions
        {
            AllowMultipleValues = true,
            AllowTrailingCommas = true,
            CommentHandling = JsonCommentHandling.Skip,
            MaxDepth = InputLimits.MaxDepth,
        });
        var documents = new List<InputDocument>();
        try
        {
            while (reader.Read())
            {
                var line = LineOf(bytes, reader.TokenStartIndex);
                var node = JsonNode.Parse(ref reader, new JsonNodeOptions { PropertyNameCaseInsensitive = false });
                if (node is null)
                {
                    continue;
                }
                RejectDuplicateKeys(node, sourceName, line);
                documents.Add(new InputDocument(node, documents.Count, line));
            }
        }
        catch (JsonException ex)
        {
            var position = ex.LineNumber is { } l ? $"{l + 1}:{(ex.BytePositionInLine ?? 0) + 1}" : "?";
            throw new EcsInputException($"{sourceName}:{position}: malformed JSON: {Describe(ex)}", ex);
        }
        return documents;
    }

    /// <summary>The parser's message without its own "LineNumber: … | BytePositionInLine: …" tail.</summary>
    private static string Describe(JsonException ex)
    {
        var message = ex.Message;
        var tail = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (tail > 0 ? message[..tail] : message).TrimEnd().TrimEnd('.');
    }

    private static int LineOf(byte[] bytes, long index)
    {
        var line = 1;
        for (var i = 0; i < index && i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                line++;
            }
        }
        return line;
    }

    /// <summary>JSON allows a key twice and parsers disagree on which wins; ECS's own parser rejects it, so do we.</summary>
    private static void RejectDuplicateKeys(JsonNode node, string sourceName, int line)
    {
        switch (node)
        {
            case JsonObject obj:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                // Enumerating a JsonObject parsed with duplicate keys throws; report it as input error.
                try
                {
                    foreach (var (key, value) in obj)
                    {
                        if (!seen.Add(key))
                        {
                            throw new EcsInputException($"{sourceName}:{line}: malformed JSON: the key '{key}' appears twice in one object");
                        }
                        if (value is not null)
                        {
                            RejectDuplicateKeys(value, sourceName, line);
                        }
                    }
                }
                catch (ArgumentException ex)
                {
                    // The parser's message reads "… Key: family (Parameter 'key')"; name the key as our own check would.
                    var key = System.Text.RegularExpressions.Regex.Match(ex.Message, @"Key: (.*?) \(Parameter").Groups[1].Value;
                    throw new EcsInputException($"{sourceName}:{line}: malformed JSON: the key '{key}' appears twice in one object", ex);
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        RejectDuplicateKeys(item, sourceName, line);
                    }
                }
                break;
        }
    }
}
