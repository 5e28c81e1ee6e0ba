using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EcsBridge.Api.Json;

/// <summary>Reads an integer written either as a JSON number or as a string holding a whole number ("3000"),
/// which real ECS files contain; always writes a number. The CRD schema keeps such fields `integer`, so the
/// leniency serves files read outside the API server (convert, render, tests).</summary>
internal sealed class LenientInt32Converter : JsonConverter<int?>
{
    public override bool HandleNull => true;

    public override int? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number when reader.TryGetInt32(out var number):
                return number;
            case JsonTokenType.Number when reader.TryGetDouble(out var real) && real == Math.Floor(real) && real is >= int.MinValue and <= int.MaxValue:
                return (int)real;
            case JsonTokenType.String:
                var text = reader.GetString()!.Trim();
                if (text.Length == 0)
                {
                    return null;
                }
                if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
                {
                    return parsed;
                }
                throw new JsonException($"'{text}' is not a whole number");
            default:
                throw new JsonException($"expected a whole number, found {reader.TokenType}");
        }
    }

    public override void Write(Utf8JsonWriter writer, int? value, JsonSerializerOptions options)
    {
        if (value is { } number)
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
