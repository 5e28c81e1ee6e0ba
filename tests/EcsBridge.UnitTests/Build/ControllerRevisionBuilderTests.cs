using System.Text.Json;
using EcsBridge.Api;
using EcsBridge.Api.TaskDefinitions;
using EcsBridge.Core.Build;
using EcsBridge.Kubernetes.Models;

namespace EcsBridge.UnitTests.Build;

/// <summary>A task definition revision as an immutable ControllerRevision: name, labels, controller, frozen spec.</summary>
public sealed class ControllerRevisionBuilderTests
{
    private static EcsTaskDefinition TaskDefinition(string family = "web", string image = "nginx:1.27") => new()
    {
        Metadata = new ObjectMeta { Name = family, Namespace = "shop", Uid = "0f1e2d3c-0000-4000-8000-000000000001" },
        Spec = new EcsTaskDefinitionSpec
        {
            ContainerDefinitions = [new ContainerDefinition { Name = "web", Image = image, Memory = 512 }],
        },
    };

    [Fact]
    public void The_revision_is_named_family_dash_number_and_labelled_for_lookup()
    {
        var revision = ControllerRevisionBuilder.Build(TaskDefinition(), 3);

        revision.Metadata.Name.ShouldBe("web-3");
        revision.Metadata.Namespace.ShouldBe("shop");
        revision.Revision.ShouldBe(3);
        revision.Metadata.Labels!["app.kubernetes.io/managed-by"].ShouldBe("ecsbridge");
        revision.Metadata.Labels[Labels.TaskDefinition].ShouldBe("web");
        revision.Metadata.Labels[Labels.Revision].ShouldBe("3");
    }

    [Fact]
    public void The_task_definition_controls_it_and_blocks_its_own_deletion_until_the_revision_is_gone()
    {
        var owner = ControllerRevisionBuilder.Build(TaskDefinition(), 1).Metadata.OwnerReferences.ShouldHaveSingleItem();

        owner.Kind.ShouldBe("EcsTaskDefinition");
        owner.ApiVersion.ShouldBe("ecsbridge.io/v1alpha1");
        owner.Name.ShouldBe("web");
        owner.Uid.ShouldBe("0f1e2d3c-0000-4000-8000-000000000001");
        owner.Controller.ShouldBe(true);
        owner.BlockOwnerDeletion.ShouldBe(true);
    }

    [Fact]
    public void The_data_is_the_spec_and_the_hash_follows_the_spec_only()
    {
        var td = TaskDefinition();
        var revision = ControllerRevisionBuilder.Build(td, 1);

        revision.Data!["containerDefinitions"]![0]!["image"]!.GetValue<string>().ShouldBe("nginx:1.27");
        revision.Data.Deserialize(ApiJsonContext.Default.EcsTaskDefinitionSpec)!.ContainerDefinitions![0].Memory.ShouldBe(512);
        var hash = ControllerRevisionBuilder.SpecHashOf(revision);
        hash.ShouldNotBeNull();
        hash.Length.ShouldBe(16);
        ControllerRevisionBuilder.SpecHashOf(ControllerRevisionBuilder.Build(td, 7)).ShouldBe(hash, "the number is not part of the spec");
        ControllerRevisionBuilder.SpecHashOf(ControllerRevisionBuilder.Build(TaskDefinition(image: "nginx:1.28"), 1)).ShouldNotBe(hash);
    }

    [Fact]
    public void A_long_family_is_cut_so_the_number_always_fits_a_dns_subdomain()
    {
        var family = new string('a', 255);

        var name = ControllerRevisionBuilder.Name(family, 123456);

        name.Length.ShouldBeLessThanOrEqualTo(253);
        name.ShouldEndWith("-123456");
    }
}
