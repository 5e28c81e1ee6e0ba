using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcsBridge.Api;

namespace EcsBridge.Benchmarks.Scale;

/// <summary>The services a scenario applies: N EcsServices, each with its own EcsTaskDefinition (one container
/// with a port, so each gets a Deployment and a Service), autoscaling on every other one (plus an HPA), spread
/// evenly over the scenario's namespaces.</summary>
internal static class Workload
{
    public const string Image = "nginx:1.27";

    public static IReadOnlyList<ServiceCase> Create(IReadOnlyList<string> namespaces, int count)
    {
        var cases = new List<ServiceCase>(count);
        for (var i = 0; i < count; i++)
        {
            var ns = namespaces[i % namespaces.Count];
            var name = "svc-" + i.ToString("D5", CultureInfo.InvariantCulture);
            var family = "td-" + i.ToString("D5", CultureInfo.InvariantCulture);
            var autoscaled = i % 2 == 1;
            var taskDefinition = TaskDefinitionBody(ns, family, Image);
            var service = ServiceBody(ns, name, family, desiredCount: 1, autoscaled);
            cases.Add(new ServiceCase
            {
                Namespace = ns,
                Name = name,
                Family = family,
                Autoscaled = autoscaled,
                TaskDefinitionBody = taskDefinition,
                ServiceBody = service,
                Service = service.Deserialize(ApiJsonContext.Default.EcsService)!,
                TaskDefinitionSpec = taskDefinition["spec"].Deserialize(ApiJsonContext.Default.EcsTaskDefinitionSpec)!,
            });
        }
        return cases;
    }

    public static JsonObject TaskDefinitionBody(string ns, string family, string image) => new()
    {
        ["apiVersion"] = GroupVersion.ApiVersion,
        ["kind"] = GroupVersion.TaskDefinitionKind,
        ["metadata"] = new JsonObject { ["name"] = family, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["family"] = family,
            ["containerDefinitions"] = new JsonArray(new JsonObject
            {
                ["name"] = "app",
                ["image"] = image,
                ["essential"] = true,
                ["cpu"] = 256,
                ["memory"] = 512,
                ["memoryReservation"] = 256,
                ["portMappings"] = new JsonArray(new JsonObject { ["containerPort"] = 80, ["protocol"] = "tcp", ["name"] = "http" }),
                ["environment"] = new JsonArray(new JsonObject { ["name"] = "MODE", ["value"] = "bench" }),
            }),
        },
    };

    public static JsonObject ServiceBody(string ns, string name, string family, int desiredCount, bool autoscaled)
    {
        var spec = new JsonObject
        {
            ["serviceName"] = name,
            ["taskDefinition"] = family,
            ["desiredCount"] = desiredCount,
            ["deploymentConfiguration"] = new JsonObject { ["maximumPercent"] = 200, ["minimumHealthyPercent"] = 50 },
        };
        if (autoscaled)
        {
            spec["autoScaling"] = new JsonObject
            {
                ["minCapacity"] = 1,
                ["maxCapacity"] = 4,
                ["targetTrackingPolicies"] = new JsonArray(new JsonObject
                {
                    ["policyName"] = "cpu60",
                    ["predefinedMetricType"] = "ECSServiceAverageCPUUtilization",
                    ["targetValue"] = 60,
                }),
            };
        }
        return new JsonObject
        {
            ["apiVersion"] = GroupVersion.ApiVersion,
            ["kind"] = GroupVersion.ServiceKind,
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = spec,
        };
    }
}
