using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcsBridge.Api;
using EcsBridge.Benchmarks.Scale;

namespace EcsBridge.Benchmarks.RealTasks;

/// <summary>The services of the real-task rung: each its own task definition running busybox httpd (the image
/// tests/envtest/node-setup.sh imports into the node's containerd), <see cref="TasksPerService"/> tasks, a port
/// mapping so each also gets a Service. No CPU units (no request): 200 tasks would otherwise ask for more than the
/// node's 2 cores; 32 MiB of memory each.</summary>
internal static class TaskWorkload
{
    public const string Image = "ecsbridge.local/busybox:1";

    public const int TasksPerService = 2;

    public static IReadOnlyList<ServiceCase> Create(string ns, int count)
    {
        var cases = new List<ServiceCase>(count);
        for (var i = 0; i < count; i++)
        {
            var name = "task-svc-" + i.ToString("D4", CultureInfo.InvariantCulture);
            var family = "task-td-" + i.ToString("D4", CultureInfo.InvariantCulture);
            var taskDefinition = new JsonObject
            {
                ["apiVersion"] = GroupVersion.ApiVersion,
                ["kind"] = GroupVersion.TaskDefinitionKind,
                ["metadata"] = new JsonObject { ["name"] = family, ["namespace"] = ns },
                ["spec"] = new JsonObject
                {
                    ["family"] = family,
                    ["containerDefinitions"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "httpd",
                        ["image"] = Image,
                        ["essential"] = true,
                        ["memory"] = 32,
                        // exec: httpd is PID 1 and stops on SIGTERM, so deleting the direct run's pods is quick.
                        ["entryPoint"] = new JsonArray("sh", "-c"),
                        ["command"] = new JsonArray("exec httpd -f -p 8080"),
                        ["portMappings"] = new JsonArray(new JsonObject { ["containerPort"] = 8080, ["protocol"] = "tcp" }),
                    }),
                },
            };
            var service = Workload.ServiceBody(ns, name, family, TasksPerService, autoscaled: false);
            cases.Add(new ServiceCase
            {
                Namespace = ns,
                Name = name,
                Family = family,
                Autoscaled = false,
                TaskDefinitionBody = taskDefinition,
                ServiceBody = service,
                Service = service.Deserialize(ApiJsonContext.Default.EcsService)!,
                TaskDefinitionSpec = taskDefinition["spec"].Deserialize(ApiJsonContext.Default.EcsTaskDefinitionSpec)!,
            });
        }
        return cases;
    }
}
