using System.Text;
using System.Text.Json.Nodes;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Models.Workloads;

namespace EcsBridge.UnitTests.Kubernetes;

/// <summary>List pages are read item by item as bytes arrive; whatever the chunking, the page must come out the same.</summary>
public sealed class ListPageParserTests
{
    // As a 1.20 API server writes a page of a built-in kind: items without apiVersion and kind.
    private const string DeploymentPage = """
        {"kind":"DeploymentList","apiVersion":"apps/v1",
         "metadata":{"selfLink":"/apis/apps/v1/namespaces/a/deployments","resourceVersion":"4711","continue":"eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6NDcxMSwic3RhcnQiOiJ3ZWJcdTAwMDAifQ","remainingItemCount":3},
         "items":[
          {"metadata":{"name":"web","namespace":"a","resourceVersion":"11","labels":{"app":"web"},"managedFields":[{"manager":"ecsbridge","fieldsV1":{"f:spec":{}}}]},
           "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx:1.19 \u00e9 \"quoted\""}]}}},
           "status":{"observedGeneration":1,"replicas":2}},
          {"metadata":{"name":"api","namespace":"a","resourceVersion":"12"},"spec":{"replicas":1,"selector":{},"template":{"spec":{"containers":[]}}}}
         ]}
        """;

    private static KubeList<T> ParseInChunks<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, int chunk,
        ResourceType? type = null, bool skipUndecodable = false)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var parser = new ListPageParser<T>(type ?? ResourceType.Deployments, typeInfo, skipUndecodable);
        var pending = new List<byte>();
        for (var at = 0; at < bytes.Length; at += chunk)
        {
            pending.AddRange(bytes.AsSpan(at, Math.Min(chunk, bytes.Length - at)).ToArray());
            var consumed = parser.Feed(pending.ToArray(), isFinal: false);
            pending.RemoveRange(0, consumed);
        }
        parser.Feed(pending.ToArray(), isFinal: true);
        return parser.Result();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(100_000)]
    public void A_page_reads_the_same_however_its_bytes_are_split(int chunk)
    {
        var page = ParseInChunks(DeploymentPage, WorkloadsJsonContext.Default.Deployment, chunk);

        page.Metadata.ResourceVersion.ShouldBe("4711");
        page.Metadata.Continue.ShouldBe("eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6NDcxMSwic3RhcnQiOiJ3ZWJcdTAwMDAifQ");
        page.Metadata.RemainingItemCount.ShouldBe(3);
        page.Items.Select(d => d.Metadata.Name).ShouldBe(["web", "api"]);
        var web = page.Items[0];
        web.Metadata.ResourceVersion.ShouldBe("11");
        web.Spec!.Replicas.ShouldBe(2);
        web.Spec.Template.Spec!.Containers[0].Image.ShouldBe("nginx:1.19 é \"quoted\"");
        web.Status!.Replicas.ShouldBe(2);
        page.Undecodable.ShouldBeEmpty();
    }

    [Fact]
    public void Items_without_apiVersion_and_kind_get_those_of_the_endpoint()
    {
        var page = ParseInChunks(DeploymentPage, WorkloadsJsonContext.Default.Deployment, 13);

        page.Items.ShouldAllBe(d => d.ApiVersion == "apps/v1" && d.Kind == "Deployment");
    }

    [Fact]
    public void Untyped_items_keep_every_field_and_get_apiVersion_and_kind()
    {
        var page = ParseInChunks(DeploymentPage, KubeJsonContext.Default.JsonNode, 5);

        page.Items.Count.ShouldBe(2);
        var web = page.Items[0]!.AsObject();
        web["apiVersion"]!.GetValue<string>().ShouldBe("apps/v1");
        web["kind"]!.GetValue<string>().ShouldBe("Deployment");
        web["metadata"]!["managedFields"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public void Items_that_carry_their_own_apiVersion_and_kind_keep_them()
    {
        const string page = """{"apiVersion":"v1","items":[{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"k":"v"}}],"kind":"ConfigMapList","metadata":{"resourceVersion":"9"}}""";

        var list = ParseInChunks(page, KubeJsonContext.Default.ConfigMap, 3, ResourceType.ConfigMaps);

        list.Items.Single().Data!["k"].ShouldBe("v");
        list.Items.Single().Kind.ShouldBe("ConfigMap");
        list.Metadata.ResourceVersion.ShouldBe("9");
    }

    [Theory]
    [InlineData("""{"kind":"DeploymentList","apiVersion":"apps/v1","metadata":{"resourceVersion":"77"},"items":[]}""")]
    [InlineData("""{"kind":"DeploymentList","apiVersion":"apps/v1","metadata":{"resourceVersion":"77"},"items":null}""")]
    [InlineData("""{"kind":"DeploymentList","metadata":{"resourceVersion":"77"}}""")]
    public void An_empty_list_has_no_items_and_its_resourceVersion(string json)
    {
        var page = ParseInChunks(json, WorkloadsJsonContext.Default.Deployment, 4);

        page.Items.ShouldBeEmpty();
        page.Metadata.ResourceVersion.ShouldBe("77");
        page.Metadata.Continue.ShouldBeNull();
    }

    [Fact]
    public void An_item_that_is_an_empty_object_still_gets_apiVersion_and_kind()
    {
        var page = ParseInChunks("""{"items":[{ }],"metadata":{}}""", KubeJsonContext.Default.Status, 2);

        page.Items.Single().Kind.ShouldBe("Deployment");
    }

    [Theory]
    [InlineData(40)]
    [InlineData(400)]
    [InlineData(700)]
    public void A_truncated_stream_fails_with_a_clear_error(int length)
    {
        var bytes = Encoding.UTF8.GetBytes(DeploymentPage)[..length];
        var parser = new ListPageParser<Deployment>(ResourceType.Deployments, WorkloadsJsonContext.Default.Deployment, skipUndecodable: false);

        var consumed = parser.Feed(bytes, isFinal: false);
        var error = Should.Throw<TruncatedListException>(() => parser.Feed(bytes.AsSpan(consumed), isFinal: true));

        error.Message.ShouldStartWith("the list response ended before it was complete:");
        error.Message.ShouldContain($"{consumed} bytes read");
    }

    [Fact]
    public async Task A_stream_that_ends_early_fails_with_a_clear_error()
    {
        var bytes = Encoding.UTF8.GetBytes(DeploymentPage);
        using var stream = new MemoryStream(bytes[..(bytes.Length - 3)]);
        var parser = new ListPageParser<Deployment>(ResourceType.Deployments, WorkloadsJsonContext.Default.Deployment, skipUndecodable: false);

        var error = await Should.ThrowAsync<TruncatedListException>(() => parser.ReadAsync(stream, CancellationToken.None));

        error.Message.ShouldContain("2 items decoded");
    }

    [Fact]
    public async Task A_stream_larger_than_the_buffer_with_an_item_larger_than_the_buffer_reads_whole()
    {
        // 1,500 items and one item of 200 KB: the buffer must slide over many items and grow for the large one.
        var big = new string('x', 200_000);
        var items = Enumerable.Range(0, 1500).Select(i => $$$"""{"metadata":{"name":"cm-{{{i}}}","resourceVersion":"{{{i}}}"},"data":{"v":"{{{(i == 700 ? big : "small")}}}"}}""");
        var json = $$"""{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"5000"},"items":[{{string.Join(",", items)}}]}""";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        var parser = new ListPageParser<ConfigMap>(ResourceType.ConfigMaps, KubeJsonContext.Default.ConfigMap, skipUndecodable: false);

        var page = await parser.ReadAsync(stream, CancellationToken.None);

        page.Items.Count.ShouldBe(1500);
        page.Items[700].Data!["v"].Length.ShouldBe(200_000);
        page.Items[1499].Metadata.Name.ShouldBe("cm-1499");
        page.Items.ShouldAllBe(c => c.Kind == "ConfigMap");
    }

    [Fact]
    public void An_item_that_does_not_decode_is_named_and_skipped_when_asked()
    {
        const string page = """{"metadata":{"resourceVersion":"3"},"items":[{"metadata":{"name":"bad","namespace":"a","uid":"u1","resourceVersion":"2"},"spec":{"replicas":"many"}},{"metadata":{"name":"good","namespace":"a"}}]}""";

        Should.Throw<System.Text.Json.JsonException>(() => ParseInChunks(page, WorkloadsJsonContext.Default.Deployment, 9));
        var list = ParseInChunks(page, WorkloadsJsonContext.Default.Deployment, 9, skipUndecodable: true);

        list.Items.Single().Metadata.Name.ShouldBe("good");
        var bad = list.Undecodable.Single();
        (bad.Key, bad.Uid, bad.ResourceVersion).ShouldBe(("a/bad", "u1", "2"));
    }

    [Fact]
    public void A_body_that_is_not_a_list_object_is_malformed_not_truncated()
    {
        var parser = new ListPageParser<Deployment>(ResourceType.Deployments, WorkloadsJsonContext.Default.Deployment, skipUndecodable: false);

        var error = Should.Throw<System.Text.Json.JsonException>(() => parser.Feed("[1,2]"u8, isFinal: true));

        error.ShouldNotBeOfType<TruncatedListException>();
    }
}
