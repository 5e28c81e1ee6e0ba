namespace EcsBridge.Api.Schema;

// The markers the CRD generator reads. They only describe the OpenAPI schema; none of them changes how a value
// is (de)serialized. A C# `required` member becomes a schema `required` entry.

/// <summary>The `description` of a field or type; `kubectl explain` shows it.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Class)]
internal sealed class DescriptionAttribute(string text) : Attribute
{
    public string Text { get; } = text;
}

/// <summary>The allowed values of a string field (or of each item of a string list).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class EnumAttribute(params string[] values) : Attribute
{
    public IReadOnlyList<string> Values { get; } = values;
}

/// <summary>An inclusive numeric lower bound.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class MinimumAttribute(double value) : Attribute
{
    public double Value { get; } = value;
}

/// <summary>An inclusive numeric upper bound.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class MaximumAttribute(double value) : Attribute
{
    public double Value { get; } = value;
}

/// <summary>A regular expression a string (or each item of a string list) must match.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class PatternAttribute(string regex) : Attribute
{
    public string Regex { get; } = regex;
}

/// <summary>String length bounds.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class LengthAttribute(int min, int max) : Attribute
{
    public int Min { get; } = min;

    public int Max { get; } = max;
}

/// <summary>List length bounds; a negative value means unbounded on that side.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class ItemsAttribute(int min, int max = -1) : Attribute
{
    public int Min { get; } = min;

    public int Max { get; } = max;
}

/// <summary>The value the API server fills in when the field is absent (ECS's own default).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class DefaultAttribute(object value) : Attribute
{
    public object Value { get; } = value;
}

/// <summary>The field takes an integer or a string (`x-kubernetes-int-or-string`).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class IntOrStringAttribute : Attribute;

/// <summary>The field is kept as free-form JSON (`x-kubernetes-preserve-unknown-fields`). Used sparingly, for
/// shapes EcsBridge only reports.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class PreserveUnknownFieldsAttribute : Attribute;

/// <summary>A list whose items are unique by the named key (`x-kubernetes-list-type: map`).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class ListMapAttribute(string key) : Attribute
{
    public string Key { get; } = key;
}

/// <summary>Names the CRD a root type becomes.</summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class CustomResourceAttribute(string kind, string plural, string singular, string listKind) : Attribute
{
    public string Kind { get; } = kind;

    public string Plural { get; } = plural;

    public string Singular { get; } = singular;

    public string ListKind { get; } = listKind;

    public string[] ShortNames { get; init; } = [];

    public string[] Categories { get; init; } = [];
}

/// <summary>A column of `kubectl get`. Columns keep the order of their <see cref="Order"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
internal sealed class PrinterColumnAttribute(int order, string name, string type, string jsonPath) : Attribute
{
    public int Order { get; } = order;

    public string Name { get; } = name;

    public string Type { get; } = type;

    public string JsonPath { get; } = jsonPath;

    public string? Description { get; init; }

    public int Priority { get; init; }
}

/// <summary>Enables the scale subresource.</summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class ScaleSubresourceAttribute(string specReplicasPath, string statusReplicasPath) : Attribute
{
    public string SpecReplicasPath { get; } = specReplicasPath;

    public string StatusReplicasPath { get; } = statusReplicasPath;

    public string? LabelSelectorPath { get; init; }
}
