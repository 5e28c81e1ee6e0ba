using EcsBridge.Api;
using EcsBridge.Core.Build;
using EcsBridge.Core.Ecs;
using EcsBridge.UnitTests.TestSupport;

namespace EcsBridge.UnitTests.Ecs;

/// <summary>`aws ecs update-service --cli-input-json` input: `service` names the service, `forceNewDeployment: true`
/// becomes the declarative spec.forceNewDeploymentToken, and a new token is a new pod template.</summary>
public sealed class UpdateServiceInputTests
{
    private static ConversionResult Convert(string json) =>
        EcsConverter.Convert(InputDocuments.Parse(json, "update.json"), new ConvertOptions { Time = new ManualTimeProvider() });

    [Fact]
    public void Update_service_input_names_the_service_by_its_ARN_and_forces_a_new_deployment_with_the_time_as_token()
    {
        var result = Convert("""
            {"cluster":"prod","service":"arn:aws:ecs:eu-west-1:123456789012:service/prod/web_api","taskDefinition":"web:7",
             "desiredCount":3,"forceNewDeployment":true}
            """);

        var service = result.Services.ShouldHaveSingleItem();
        service.Metadata.Name.ShouldBe("web-api");
        service.Spec.TaskDefinition.ShouldBe("web:7");
        service.Spec.DesiredCount.ShouldBe(3);
        // ManualTimeProvider starts at 2026-01-01T00:00:00Z.
        service.Spec.ForceNewDeploymentToken.ShouldBe("2026-01-01T00:00:00Z");
        result.Diagnostics.ShouldContain(d => d.Message.StartsWith("true → spec.forceNewDeploymentToken '2026-01-01T00:00:00Z'", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_forceNewDeployment_there_is_no_token_and_the_name_is_taken_as_is()
    {
        var result = Convert("""{"service":"web","taskDefinition":"web","desiredCount":1,"forceNewDeployment":false}""");

        var service = result.Services.ShouldHaveSingleItem();
        service.Metadata.Name.ShouldBe("web");
        service.Spec.ForceNewDeploymentToken.ShouldBeNull();
    }

    [Fact]
    public void A_new_token_changes_only_the_pod_templates_annotation()
    {
        var taskDefinition = new EcsTaskDefinition
        {
            Metadata = new() { Name = "web", Namespace = "apps" },
            Spec = new EcsTaskDefinitionSpec { ContainerDefinitions = [new() { Name = "app", Image = "nginx:1.27" }] },
        };
        EcsService Service(string? token) => new()
        {
            Metadata = new() { Name = "web", Namespace = "apps" },
            Spec = new EcsServiceSpec { TaskDefinition = "web", DesiredCount = 2, ForceNewDeploymentToken = token },
        };

        var before = DesiredStateBuilder.Build(Service(null), taskDefinition, 1, BuildOptions.Default).Deployment!;
        var after = DesiredStateBuilder.Build(Service("2026-12-03T13:00:00Z"), taskDefinition, 1, BuildOptions.Default).Deployment!;

        before.Spec!.Template.Metadata!.Annotations?.ContainsKey("ecsbridge.io/force-new-deployment").ShouldNotBe(true);
        after.Spec!.Template.Metadata!.Annotations!["ecsbridge.io/force-new-deployment"].ShouldBe("2026-12-03T13:00:00Z");
        var withoutToken = after with { Spec = after.Spec with { Template = after.Spec.Template with { Metadata = after.Spec.Template.Metadata with { Annotations = before.Spec.Template.Metadata.Annotations } } } };
        DesiredStateJson.Serialize(withoutToken).ShouldBe(DesiredStateJson.Serialize(before));
    }
}
