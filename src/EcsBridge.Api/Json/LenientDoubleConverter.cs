using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EcsBridge.Api.Json;

/// <summary>Reads a number written as a JSON number or as a numeric string ("70.5"); always writes a number.</summary>
internal sealed class LenientDoubleConverter : JsonConverter<double?>
{
    public override bool HandleNull => true;

    public override double? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                return reader.GetDouble();
            case JsonTokenType.String:
                var text = reader.GetString()!.Trim();
                if (text.Length == 0)
                {
                    return null;
                }
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed))
                {
                    return parsed;
                }
                throw new JsonException($"'{text}' is not a number");
            default:
                throw new JsonException($"expected a number, found {reader.TokenType}");
        }
    }

    public override void Write(Utf8JsonWriter writer, double? value, JsonSerializerOptions options)
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
