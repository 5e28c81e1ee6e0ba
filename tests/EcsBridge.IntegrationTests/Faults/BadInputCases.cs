namespace EcsBridge.IntegrationTests.Faults;

/// <summary>The inputs of the bad-input scenario: hostile and malformed EcsTaskDefinitions and EcsServices, each
/// with the field its rejection or condition must name, mixed with good ones that must still converge.</summary>
internal static class BadInputCases
{
    public enum Expect
    {
        /// <summary>Good: the service's Deployment carries its desired spec.</summary>
        Converges,

        /// <summary>Bad: refused at admission with a message naming the field, or Ready False naming it.</summary>
        Refused,
    }

    /// <param name="Field">A text the rejection or the Ready message must contain (a field path).</param>
    /// <param name="Family">For a good service: its task definition family.</param>
    public sealed record InputCase(string Kind, string Name, string Json, Expect Expect, string Field, string? Family = null);

    private const string Group = "ecsbridge.io/v1alpha1";

    public static string Container(string name = "app", string extra = "") =>
        $$"""{"name":"{{name}}","image":"nginx:1.27","cpu":128,"memory":256{{extra}}}""";

    public static string Td(string name, string containers, string extra = "") =>
        $$$"""{"apiVersion":"{{{Group}}}","kind":"EcsTaskDefinition","metadata":{"name":"{{{name}}}"},"spec":{"containerDefinitions":[{{{containers}}}]{{{extra}}}}}""";

    public static string Svc(string name, string taskDefinition, string extra = ""","desiredCount":1""") =>
        $$$"""{"apiVersion":"{{{Group}}}","kind":"EcsService","metadata":{"name":"{{{name}}}"},"spec":{"taskDefinition":"{{{taskDefinition}}}"{{{extra}}}}}""";

    /// <summary>An environment of <paramref name="bytes"/> characters in 100 kB values.</summary>
    public static string Environment(int bytes)
    {
        var chunk = new string('x', 100_000);
        var count = bytes / chunk.Length;
        return ""","environment":[""" + string.Join(",", Enumerable.Range(0, count).Select(i => $$"""{"name":"BLOB_{{i}}","value":"{{chunk}}"}""")) + "]";
    }

    public static IReadOnlyList<InputCase> All()
    {
        var cases = new List<InputCase>();
        void Good(string name, string tdJson, string? serviceJson = null)
        {
            cases.Add(new("EcsTaskDefinition", name, tdJson, Expect.Converges, "", name));
            cases.Add(new("EcsService", name, serviceJson ?? Svc(name, name), Expect.Converges, "", name));
        }

        // Good ones, mixed in.
        for (var i = 0; i < 5; i++)
        {
            Good($"good-{i}", Td($"good-{i}", Container(extra: ""","portMappings":[{"containerPort":80}]""")));
        }
        Good("unicode-values", Td("unicode-values", Container(extra: ""","environment":[{"name":"GREETING","value":"héllo wörld ✓ 日本語 🚀 \u202e"}],"dockerLabels":{"team":"ünïcødé"}""")));
        var longest = "l" + new string('x', 61) + "g";
        Good(longest, Td(longest, Container()));
        Good("huge-env", Td("huge-env", Container(extra: Environment(1_300_000))), Svc("huge-env", "huge-env", ""","desiredCount":0"""));

        // Bad task definitions; each also gets a service that follows it (and must say why it cannot run).
        void BadTd(string name, string containers, string extra, string field)
        {
            cases.Add(new("EcsTaskDefinition", name, Td(name, containers, extra), Expect.Refused, field));
            cases.Add(new("EcsService", "s-" + name, Svc("s-" + name, name), Expect.Refused, field));
        }
        BadTd("dep-cycle", Container("a", ""","dependsOn":[{"containerName":"b","condition":"START"}]""") + "," + Container("b", ""","dependsOn":[{"containerName":"a","condition":"START"}]"""), "", "dependsOn");
        BadTd("dep-self", Container("a", ""","dependsOn":[{"containerName":"a","condition":"START"}]"""), "", "dependsOn");
        BadTd("dep-unknown", Container("a", ""","dependsOn":[{"containerName":"ghost","condition":"START"}]"""), "", "dependsOn[0].containerName");
        BadTd("dep-unhealthy", Container("a", ""","dependsOn":[{"containerName":"b","condition":"HEALTHY"}]""") + "," + Container("b"), "", "dependsOn[0].condition");
        BadTd("dep-bad-condition", Container("a", ""","dependsOn":[{"containerName":"b","condition":"SOMETIMES"}]""") + "," + Container("b"), "", "condition");
        BadTd("unknown-volume", Container(extra: ""","mountPoints":[{"sourceVolume":"ghost","containerPath":"/data"}]"""), "", "mountPoints[0].sourceVolume");
        BadTd("mount-no-path", Container(extra: ""","mountPoints":[{"sourceVolume":"v"}]"""), ""","volumes":[{"name":"v"}]""", "mountPoints[0]");
        BadTd("volumes-from-ghost", Container(extra: ""","volumesFrom":[{"sourceContainer":"ghost"}]"""), "", "volumesFrom[0].sourceContainer");
        BadTd("duplicate-volumes", Container(), ""","volumes":[{"name":"v"},{"name":"v"}]""", "spec.volumes[1].name");
        BadTd("reservation-above-memory", """{"name":"app","image":"nginx:1.27","memory":256,"memoryReservation":512}""", "", "containerDefinitions[0].memoryReservation");
        BadTd("duplicate-containers", Container() + "," + Container(), "", "containerDefinitions[1].name");
        // ECS allows capitals and '_' (FireLens's `log_router`): such a container runs under its DNS-1123 label.
        Good("container-name-caps", Td("container-name-caps", Container("App_Main")));
        BadTd("container-name-unicode", Container("äpp"), "", "containerDefinitions[0].name");
        BadTd("no-essential", Container(extra: ""","essential":false"""), "", "spec.containerDefinitions");
        BadTd("port-conflict", Container(extra: ""","portMappings":[{"containerPort":80},{"containerPort":80}]"""), "", "portMappings[1].containerPort");
        BadTd("port-missing", Container(extra: ""","portMappings":[{"hostPort":80}]"""), "", "portMappings[0]");
        BadTd("hostport-mismatch", Container(extra: ""","portMappings":[{"containerPort":80,"hostPort":81}]"""), ""","networkMode":"awsvpc" """, "portMappings[0].hostPort");
        BadTd("task-cpu-invalid", Container(), ""","cpu":"lots" """, "spec.cpu");
        BadTd("task-memory-invalid", Container(), ""","memory":"huge" """, "spec.memory");
        BadTd("fargate-size", Container(), ""","requiresCompatibilities":["FARGATE"],"cpu":"256","memory":"8192" """, "spec.memory");
        BadTd("fargate-no-memory", Container(), ""","requiresCompatibilities":["FARGATE"],"cpu":"256" """, "spec.memory");
        BadTd("cpu-over-task", Container("a") + "," + Container("b"), ""","cpu":"128" """, "spec.containerDefinitions");
        BadTd("memory-over-task", """{"name":"app","image":"nginx:1.27","memory":1024}""", ""","memory":"512" """, "containerDefinitions[0].memory");
        BadTd("family-mismatch", Container(), ""","family":"someone-else" """, "spec.family");
        BadTd("healthcheck-bad", Container(extra: ""","healthCheck":{"command":["SOMETIMES","true"]}"""), "", "healthCheck.command");
        BadTd("gpu-bad", Container(extra: ""","resourceRequirements":[{"type":"GPU","value":"lots"}]"""), "", "resourceRequirements[0].value");
        BadTd("cpu-negative", """{"name":"app","image":"nginx:1.27","cpu":-5,"memory":256}""", "", "cpu");
        var tooLongFamily = "f" + new string('x', 62) + "g";
        cases.Add(new("EcsTaskDefinition", tooLongFamily, Td(tooLongFamily, Container()), Expect.Refused, "metadata.name"));
        cases.Add(new("EcsService", "s-too-long-family", Svc("s-too-long-family", tooLongFamily), Expect.Refused, "spec.taskDefinition"));

        // Bad services that follow a good task definition.
        void BadSvc(string name, string taskDefinition, string extra, string field) =>
            cases.Add(new("EcsService", name, Svc(name, taskDefinition, extra), Expect.Refused, field));
        const string one = ""","desiredCount":1""";
        BadSvc("missing-family", "nope", one, "spec.taskDefinition");
        BadSvc("missing-revision", "good-0:99", one, "spec.taskDefinition");
        BadSvc("pinned-to-invalid", "dep-cycle:1", one, "spec.taskDefinition");
        BadSvc("reference-garbage", "::not a reference::", one, "spec.taskDefinition");
        BadSvc("reference-arn-empty", "arn:aws:ecs:us-east-1:123456789012:task-definition/", one, "spec.taskDefinition");
        BadSvc("reference-not-label", "Bad_Family", one, "spec.taskDefinition");
        BadSvc("no-desired-count", "good-0", "", "spec.desiredCount");
        BadSvc("capacity-inverted", "good-0", ""","desiredCount":1,"autoScaling":{"minCapacity":5,"maxCapacity":2,"targetTrackingPolicies":[{"predefinedMetricType":"ECSServiceAverageCPUUtilization","targetValue":50}]}""", "spec.autoScaling.minCapacity");
        BadSvc("policy-no-metric", "good-0", ""","desiredCount":1,"autoScaling":{"minCapacity":1,"maxCapacity":3,"targetTrackingPolicies":[{"targetValue":50}]}""", "spec.autoScaling");
        BadSvc("daemon-autoscaling", "good-0", ""","schedulingStrategy":"DAEMON","autoScaling":{"minCapacity":1,"maxCapacity":3,"targetTrackingPolicies":[{"predefinedMetricType":"ECSServiceAverageCPUUtilization","targetValue":50}]}""", "spec.autoScaling");
        BadSvc("lb-unknown-container", "good-0", ""","desiredCount":1,"loadBalancers":[{"containerName":"ghost","containerPort":80}]""", "containerName");
        BadSvc("lb-unknown-port", "good-0", ""","desiredCount":1,"loadBalancers":[{"containerName":"app","containerPort":9999}]""", "containerPort");
        BadSvc("lb-incomplete", "good-0", ""","desiredCount":1,"loadBalancers":[{"targetGroupArn":"arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/x/y"}]""", "spec.loadBalancers[0]");
        BadSvc("name-mismatch", "good-0", ""","desiredCount":1,"serviceName":"someone-else" """, "spec.serviceName");
        BadSvc("placement-no-expression", "good-0", ""","desiredCount":1,"placementConstraints":[{"type":"memberOf"}]""", "expression");
        BadSvc("registry-unknown-container", "good-0", ""","desiredCount":1,"serviceRegistries":[{"registryArn":"arn:aws:servicediscovery:us-east-1:1:service/srv-1","containerName":"ghost","containerPort":80}]""", "containerName");
        BadSvc("0-starts-with-digit", "good-0", one, "metadata.name");

        // Refused at admission by the CRD schema or the API server itself.
        BadSvc("count-is-text", "good-0", ""","desiredCount":"three" """, "desiredCount");
        BadSvc("count-negative", "good-0", ""","desiredCount":-1""", "desiredCount");
        BadSvc("autoscaling-no-max", "good-0", ""","desiredCount":1,"autoScaling":{"minCapacity":1}""", "maxCapacity");
        BadSvc("breaker-incomplete", "good-0", ""","desiredCount":1,"deploymentConfiguration":{"deploymentCircuitBreaker":{"enable":true}}""", "rollback");
        cases.Add(new("EcsService", "BadName", Svc("BadName", "good-0"), Expect.Refused, "metadata.name"));
        cases.Add(new("EcsService", "sérvice", Svc("sérvice", "good-0"), Expect.Refused, "metadata.name"));
        var tooLongName = new string('n', 254);
        cases.Add(new("EcsTaskDefinition", tooLongName, Td(tooLongName, Container()), Expect.Refused, "metadata.name"));
        cases.Add(new("EcsTaskDefinition", "no-containers",
            $$"""{"apiVersion":"{{Group}}","kind":"EcsTaskDefinition","metadata":{"name":"no-containers"},"spec":{"cpu":"256"} }""", Expect.Refused, "containerDefinitions"));
        cases.Add(new("EcsTaskDefinition", "too-big", Td("too-big", Container(extra: Environment(2_000_000))), Expect.Refused, "too large"));
        return cases;
    }
}
