using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EcsBridge.Kubernetes.Json;

/// <summary><c>metav1.Time</c>: RFC 3339 in UTC with whole seconds ("2024-05-01T10:00:00Z"), the canonical form the
/// API server writes back, so an applied body does not differ from what is stored only by its time format.</summary>
public sealed class Rfc3339Converter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture));
}
