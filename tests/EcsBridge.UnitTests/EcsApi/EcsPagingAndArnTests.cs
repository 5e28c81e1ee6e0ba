using EcsBridge.EcsApi;
using Shouldly;

namespace EcsBridge.UnitTests.EcsApi;

public sealed class EcsPagingAndArnTests
{
    [Fact]
    public void Pages_follow_next_tokens_to_the_end_without_repeats()
    {
        var names = Enumerable.Range(0, 23).Select(i => $"svc-{i:D2}").Reverse().ToList();
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var (page, next) = EcsPaging.Page(names, n => n, token, 10);
            seen.AddRange(page);
            token = next;
            pages++;
        }
        while (token is not null);
        pages.ShouldBe(3);
        seen.ShouldBe(names.Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void A_page_after_a_deletion_neither_repeats_nor_skips()
    {
        var names = new List<string> { "a", "b", "c", "d" };
        var (first, token) = EcsPaging.Page(names, n => n, null, 2);
        first.ShouldBe(["a", "b"]);
        names.Remove("b");
        EcsPaging.Page(names, n => n, token, 2).Page.ShouldBe(["c", "d"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void MaxResults_out_of_range_is_an_invalid_parameter(int max) =>
        Should.Throw<EcsApiException>(() => EcsPaging.Page(["a"], n => n, null, max)).Type.ShouldBe(EcsErrorTypes.InvalidParameter);

    [Fact]
    public void A_forged_token_is_an_invalid_parameter() =>
        Should.Throw<EcsApiException>(() => EcsPaging.Page(["a"], n => n, "not-a-token!", 1)).Type.ShouldBe(EcsErrorTypes.InvalidParameter);

    [Fact]
    public void Descending_task_definition_keys_order_families_and_revisions_in_reverse()
    {
        var revisions = new[] { ("web", 2), ("api", 10), ("web", 10), ("api", 9) };
        revisions.OrderBy(r => TaskDefinitionOperations.SortKey(r.Item1, r.Item2, false), StringComparer.Ordinal)
            .ShouldBe([("api", 9), ("api", 10), ("web", 2), ("web", 10)]);
        revisions.OrderBy(r => TaskDefinitionOperations.SortKey(r.Item1, r.Item2, true), StringComparer.Ordinal)
            .ShouldBe([("web", 10), ("web", 2), ("api", 10), ("api", 9)]);
    }

    [Fact]
    public void Arns_use_the_configured_region_and_account()
    {
        var arns = new EcsArns("eu-west-1", "123456789012");
        arns.Cluster("prod").ShouldBe("arn:aws:ecs:eu-west-1:123456789012:cluster/prod");
        arns.Service("prod", "web").ShouldBe("arn:aws:ecs:eu-west-1:123456789012:service/prod/web");
        arns.TaskDefinition("web", 3).ShouldBe("arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3");
    }

    [Fact]
    public void Names_and_arns_read_back_to_names()
    {
        EcsArns.TryClusterName("arn:aws:ecs:eu-west-1:123456789012:cluster/prod", out var cluster).ShouldBeTrue();
        cluster.ShouldBe("prod");
        EcsArns.TryClusterName("prod", out cluster).ShouldBeTrue();
        cluster.ShouldBe("prod");
        EcsArns.TryClusterName(null, out _).ShouldBeFalse();
        EcsArns.ParseService("arn:aws:ecs:eu-west-1:123456789012:service/prod/web").ShouldBe(("web", "prod"));
        EcsArns.ParseService("arn:aws:ecs:eu-west-1:123456789012:service/web").ShouldBe(("web", null));
        EcsArns.ParseService("web").ShouldBe(("web", null));
        EcsArns.ParseService("arn:aws:ecs:eu-west-1:123456789012:cluster/prod").ShouldBeNull();
        EcsClusters.Resolve(null).ShouldBe("default");
        Should.Throw<EcsApiException>(() => EcsClusters.Resolve("Not_A_Namespace")).Type.ShouldBe(EcsErrorTypes.ClusterNotFound);
    }

    [Fact]
    public void The_credentials_file_needs_clusters_and_never_prints_a_secret()
    {
        var keys = EcsApiCredentials.Parse("""{"keys":[{"accessKeyId":"AK1","secretAccessKey":"s3cr3t","clusters":["prod","*"],"readOnly":true}]}"""u8.ToArray());
        var key = keys["AK1"];
        key.ReadOnly.ShouldBeTrue();
        key.MayUse("anything").ShouldBeTrue();
        key.HomeCluster.ShouldBe("prod");
        key.ToString().ShouldNotContain("s3cr3t");
        Should.Throw<InvalidDataException>(() => EcsApiCredentials.Parse("""{"keys":[{"accessKeyId":"AK1","secretAccessKey":"s3cr3t"}]}"""u8.ToArray()))
            .Message.ShouldNotContain("s3cr3t");
        Should.Throw<InvalidDataException>(() => EcsApiCredentials.Parse("{\"keys\":[{\"accessKeyId\":\"AK1\",\"secretAccessKey\":\"s3cr3t\","u8.ToArray()))
            .Message.ShouldNotContain("s3cr3t");
    }
}
