using System.Globalization;
using System.Text.Json.Serialization;

namespace EcsBridge.Kubernetes.Models.Workloads;

/// <summary>Kubernetes <c>IntOrString</c>: a JSON number or a JSON string (for example <c>1</c> or <c>"25%"</c>, or a
/// named port). Exactly one of the two is set.</summary>
[JsonConverter(typeof(IntOrStringJsonConverter))]
public sealed record IntOrString
{
    private IntOrString(int? intValue, string? stringValue)
    {
        IntValue = intValue;
        StringValue = stringValue;
    }

    public int? IntValue { get; }

    public string? StringValue { get; }

    public bool IsInt => IntValue.HasValue;

    public static IntOrString FromInt(int value) => new(value, null);

    public static IntOrString FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new IntOrString(null, value);
    }

    public static implicit operator IntOrString(int value) => FromInt(value);

    public static implicit operator IntOrString(string value) => FromString(value);

    public override string ToString() =>
        IntValue.HasValue ? IntValue.Value.ToString(CultureInfo.InvariantCulture) : StringValue!;
}
