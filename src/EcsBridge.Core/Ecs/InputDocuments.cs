namespace EcsBridge.Core.Ecs;

/// <summary>Turns decoded input text into documents: JSON (one value or several concatenated) when it starts
/// with `{` or `[`, YAML (`---` separated) otherwise.</summary>
public static class InputDocuments
{
    public static IReadOnlyList<InputDocument> Parse(string text, string sourceName)
    {
        var first = text.AsSpan().TrimStart();
        if (first.Length > 0 && first[0] is '{' or '[')
        {
            try
            {
                return JsonDocuments.Parse(text, sourceName);
            }
            catch (EcsInputException)
            {
                // YAML flow style also starts with a bracket ({name: web}); only when that fails too is the
                // JSON parser's message the right one to show.
                try
                {
                    return YamlDocuments.Parse(text, sourceName);
                }
                catch (EcsInputException)
                {
                }
                throw;
            }
        }
        return YamlDocuments.Parse(text, sourceName);
    }
}
