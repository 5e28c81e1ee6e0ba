using System.Text.Json.Serialization;

namespace EcsBridge.Api;

/// <summary>Source-generated JSON for the EcsBridge API types: camelCase, nulls omitted (null = not set).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EcsTaskDefinition))]
[JsonSerializable(typeof(EcsTaskDefinitionList))]
[JsonSerializable(typeof(EcsTaskDefinitionSpec))]
[JsonSerializable(typeof(EcsTaskDefinitionStatus))]
[JsonSerializable(typeof(EcsService))]
[JsonSerializable(typeof(EcsServiceList))]
[JsonSerializable(typeof(EcsServiceSpec))]
[JsonSerializable(typeof(EcsServiceStatus))]
[JsonSerializable(typeof(EcsTask))]
[JsonSerializable(typeof(EcsTaskList))]
[JsonSerializable(typeof(EcsTaskSpec))]
[JsonSerializable(typeof(EcsTaskStatus))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
