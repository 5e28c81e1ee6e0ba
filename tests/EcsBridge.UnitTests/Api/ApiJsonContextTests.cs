using System.Text.Json;
using System.Text.Json.Nodes;
using EcsBridge.Api;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.UnitTests.Api;

public sealed class ApiJsonContextTests
{
    [Fact]
    public void Whole_numbers_written_as_strings_are_read_as_numbers()
    {
        var spec = JsonSerializer.Deserialize("""
            {"containerDefinitions":[{"name":"app","image":"nginx","cpu":"256","memory":"512",
              "portMappings":[{"containerPort":"3000","hostPort":null}]}]}
            """, ApiJsonContext.Default.EcsTaskDefinitionSpec)!;
        var container = spec.ContainerDefinitions[0];
        container.Cpu.ShouldBe(256);
        container.Memory.ShouldBe(512);
        container.PortMappings![0].ContainerPort.ShouldBe(3000);
        container.PortMappings[0].HostPort.ShouldBeNull();
    }

    [Fact]
    public void A_fractional_or_wordy_number_string_is_refused()
    {
        Should.Throw<JsonException>(() => JsonSerializer.Deserialize("""{"containerDefinitions":[{"name":"a","image":"b","cpu":"2.5"}]}""", ApiJsonContext.Default.EcsTaskDefinitionSpec));
        Should.Throw<JsonException>(() => JsonSerializer.Deserialize("""{"containerDefinitions":[{"name":"a","image":"b","cpu":"lots"}]}""", ApiJsonContext.Default.EcsTaskDefinitionSpec));
    }

    [Fact]
    public void Task_cpu_and_memory_pasted_as_numbers_are_kept_as_ECS_strings()
    {
        var spec = JsonSerializer.Deserialize("""{"cpu":256,"memory":0.5,"containerDefinitions":[]}""", ApiJsonContext.Default.EcsTaskDefinitionSpec)!;
        spec.Cpu.ShouldBe("256");
        spec.Memory.ShouldBe("0.5");
        JsonSerializer.Serialize(spec, ApiJsonContext.Default.EcsTaskDefinitionSpec).ShouldContain("\"cpu\":\"256\"");
    }

    [Fact]
    public void Target_values_accept_numeric_strings()
    {
        var spec = JsonSerializer.Deserialize("""
            {"taskDefinition":"web","autoScaling":{"minCapacity":"1","maxCapacity":3,"targetTrackingPolicies":[{"predefinedMetricType":"ECSServiceAverageCPUUtilization","targetValue":"70.5"}]}}
            """, ApiJsonContext.Default.EcsServiceSpec)!;
        spec.AutoScaling!.MinCapacity.ShouldBe(1);
        spec.AutoScaling.TargetTrackingPolicies![0].TargetValue.ShouldBe(70.5);
    }

    [Fact]
    public void Writing_uses_ECS_camelCase_names_and_omits_unset_fields()
    {
        var service = new EcsService
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = "shop" },
            Spec = new EcsServiceSpec { TaskDefinition = "web:3", DesiredCount = 2, EnableECSManagedTags = true },
        };
        var json = JsonNode.Parse(JsonSerializer.Serialize(service, ApiJsonContext.Default.EcsService))!.AsObject();
        json["apiVersion"]!.GetValue<string>().ShouldBe("ecsbridge.io/v1alpha1");
        json["kind"]!.GetValue<string>().ShouldBe("EcsService");
        json["spec"]!["enableECSManagedTags"]!.GetValue<bool>().ShouldBeTrue();
        json["spec"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ShouldBe(["desiredCount", "enableECSManagedTags", "taskDefinition"]);
        json.ContainsKey("status").ShouldBeFalse();
    }

    [Fact]
    public void A_list_reads_with_its_metadata_and_items()
    {
        var list = JsonSerializer.Deserialize("""
            {"apiVersion":"ecsbridge.io/v1alpha1","kind":"EcsTaskDefinitionList","metadata":{"resourceVersion":"42"},
             "items":[{"metadata":{"name":"web","generation":2},"spec":{"containerDefinitions":[{"name":"app","image":"nginx"}]},
                       "status":{"revision":2,"history":[{"revision":1},{"revision":2,"controllerRevision":"web-2"}]}}]}
            """, ApiJsonContext.Default.EcsTaskDefinitionList)!;
        list.Metadata!.ResourceVersion.ShouldBe("42");
        list.Items.ShouldHaveSingleItem().Status!.History![1].ControllerRevision.ShouldBe("web-2");
    }

    [Fact]
    public void Service_connect_free_form_settings_survive_a_round_trip()
    {
        const string json = """{"taskDefinition":"web","serviceConnectConfiguration":{"enabled":true,"services":[{"portName":"http","tls":{"issuerCertificateAuthority":{"awsPcaAuthorityArn":"arn:x"}}}]}}""";
        var spec = JsonSerializer.Deserialize(json, ApiJsonContext.Default.EcsServiceSpec)!;
        JsonSerializer.Serialize(spec, ApiJsonContext.Default.EcsServiceSpec).ShouldContain("awsPcaAuthorityArn");
    }
}
