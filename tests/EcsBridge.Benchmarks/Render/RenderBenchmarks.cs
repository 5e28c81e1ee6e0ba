using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using EcsBridge.Api;
using EcsBridge.Benchmarks.Scale;
using EcsBridge.Core.Apply;
using EcsBridge.Core.Build;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.Benchmarks.Render;

/// <summary>The operator's pure hot path per reconcile: task definition + service → DesiredState (the builders) →
/// the ApplyBody objects it would server-side apply (canonical JSON + applied hash). Two inputs: the scale run's
/// service (one container, port, autoscaling: Deployment + Service + HPA) and the richer web sample (health check,
/// circuit breaker, placement, tags, autoscaling).</summary>
[MemoryDiagnoser]
public class RenderBenchmarks
{
    private EcsService _service = null!;
    private ResolvedTaskDefinition _taskDefinition = null!;
    private readonly BuildOptions _options = new()
    {
        HpaApiVersion = HorizontalPodAutoscaler.ApiVersionV2Beta2,
        NativeSidecars = false,
        OwnerUid = "3f1c2a4e-0000-4000-8000-000000000001",
    };

    [Params("bench", "web")]
    public string Case { get; set; } = "bench";

    [GlobalSetup]
    public void Setup()
    {
        var (service, taskDefinition) = Case == "web" ? WebSample() : BenchService();
        _service = service.Deserialize(ApiJsonContext.Default.EcsService)!;
        var family = taskDefinition["metadata"]!["name"]!.GetValue<string>();
        _taskDefinition = new ResolvedTaskDefinition(family, 1, taskDefinition["spec"].Deserialize(ApiJsonContext.Default.EcsTaskDefinitionSpec)!);
    }

    /// <summary>Children built per render (the objects/s figure divides by this).</summary>
    public int ObjectsPerRender => DesiredStateBuilder.Build(_service, _taskDefinition, _options).Objects().Count;

    [Benchmark(Baseline = true)]
    public DesiredState Build() => DesiredStateBuilder.Build(_service, _taskDefinition, _options);

    [Benchmark]
    public IReadOnlyList<JsonObject> BuildApplyBodies() => ApplyBody.ForAll(DesiredStateBuilder.Build(_service, _taskDefinition, _options));

    private static (JsonObject Service, JsonObject TaskDefinition) BenchService() =>
        (Workload.ServiceBody("bench", "svc-00001", "td-00001", 1, autoscaled: true), Workload.TaskDefinitionBody("bench", "td-00001", Workload.Image));

    private static (JsonObject Service, JsonObject TaskDefinition) WebSample() =>
        (JsonNode.Parse("""
            {"apiVersion":"ecsbridge.io/v1alpha1","kind":"EcsService","metadata":{"name":"web","namespace":"shop"},
             "spec":{"serviceName":"web","taskDefinition":"web","desiredCount":2,
               "deploymentConfiguration":{"maximumPercent":200,"minimumHealthyPercent":50,"deploymentCircuitBreaker":{"enable":true,"rollback":true}},
               "loadBalancers":[{"containerName":"nginx","containerPort":80}],"healthCheckGracePeriodSeconds":30,
               "placementStrategy":[{"type":"spread","field":"attribute:ecs.availability-zone"}],"propagateTags":"SERVICE",
               "tags":[{"key":"team","value":"storefront"}],
               "autoScaling":{"minCapacity":2,"maxCapacity":10,"targetTrackingPolicies":[{"policyName":"cpu60",
                 "predefinedMetricType":"ECSServiceAverageCPUUtilization","targetValue":60,"scaleInCooldown":300,"scaleOutCooldown":60}]}}}
            """)!.AsObject(),
         JsonNode.Parse("""
            {"apiVersion":"ecsbridge.io/v1alpha1","kind":"EcsTaskDefinition","metadata":{"name":"web","namespace":"shop"},
             "spec":{"family":"web","networkMode":"awsvpc","requiresCompatibilities":["FARGATE"],"cpu":"512","memory":"1 GB",
               "containerDefinitions":[{"name":"nginx","image":"nginx:1.27","essential":true,"cpu":256,"memory":512,"memoryReservation":256,
                 "portMappings":[{"containerPort":80,"hostPort":80,"protocol":"tcp","name":"http","appProtocol":"http"}],
                 "environment":[{"name":"NGINX_ENTRYPOINT_QUIET_LOGS","value":"1"}],
                 "healthCheck":{"command":["CMD-SHELL","curl -fsS http://localhost/ > /dev/null || exit 1"],"interval":15,"timeout":5,"retries":3,"startPeriod":10},
                 "stopTimeout":20}],
               "tags":[{"key":"team","value":"storefront"}]}}
            """)!.AsObject());
}
