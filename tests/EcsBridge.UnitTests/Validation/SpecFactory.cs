using System.Text.Json;
using System.Text.Json.Nodes;
using EcsBridge.Api;

namespace EcsBridge.UnitTests.Validation;

/// <summary>Valid baseline specs as JSON (ECS spelling), mutated per test case and read through ApiJsonContext.</summary>
internal static class SpecFactory
{
    public const string TaskDefinitionJson = """
        {
          "family": "web",
          "cpu": "512",
          "memory": "1024",
          "networkMode": "awsvpc",
          "containerDefinitions": [
            {
              "name": "app", "image": "nginx:1.27", "cpu": 256, "memory": 512, "memoryReservation": 256,
              "portMappings": [ { "containerPort": 80, "hostPort": 80, "protocol": "tcp", "name": "http" } ],
              "mountPoints": [ { "sourceVolume": "data", "containerPath": "/data" } ],
              "healthCheck": { "command": [ "CMD-SHELL", "curl -f http://localhost/ || exit 1" ] },
              "dependsOn": [ { "containerName": "init", "condition": "SUCCESS" }, { "containerName": "proxy", "condition": "HEALTHY" } ]
            },
            { "name": "init", "image": "busybox:1.36", "essential": false, "memory": 64, "command": [ "true" ] },
            {
              "name": "proxy", "image": "envoyproxy/envoy:v1.31", "memory": 128,
              "portMappings": [ { "containerPort": 9901 } ],
              "healthCheck": { "command": [ "CMD", "/bin/true" ] }
            }
          ],
          "volumes": [ { "name": "data" } ]
        }
        """;

    public const string ServiceJson = """
        {
          "taskDefinition": "web",
          "desiredCount": 2,
          "loadBalancers": [ { "containerName": "app", "containerPort": 80 } ],
          "autoScaling": {
            "minCapacity": 2, "maxCapacity": 10,
            "targetTrackingPolicies": [ { "predefinedMetricType": "ECSServiceAverageCPUUtilization", "targetValue": 60 } ]
          }
        }
        """;

    public static EcsTaskDefinitionSpec TaskDefinition(Action<JsonObject>? mutate = null) => Read(TaskDefinitionJson, mutate, ApiJsonContext.Default.EcsTaskDefinitionSpec);

    public static EcsServiceSpec Service(Action<JsonObject>? mutate = null) => Read(ServiceJson, mutate, ApiJsonContext.Default.EcsServiceSpec);

    private static T Read<T>(string json, Action<JsonObject>? mutate, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        mutate?.Invoke(node);
        return JsonSerializer.Deserialize(node.ToJsonString(), info)!;
    }

    public static JsonObject Container(this JsonObject spec, int index) => spec["containerDefinitions"]![index]!.AsObject();
}
