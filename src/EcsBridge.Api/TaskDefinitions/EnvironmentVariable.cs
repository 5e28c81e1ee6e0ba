using EcsBridge.Api.Schema;

namespace EcsBridge.Api.TaskDefinitions;

[Description("An environment variable (ECS KeyValuePair).")]
public sealed record EnvironmentVariable
{
    [Description("The variable name.")]
    public required string Name { get; init; }

    [Description("The value, taken literally.")]
    public string? Value { get; init; }
}
