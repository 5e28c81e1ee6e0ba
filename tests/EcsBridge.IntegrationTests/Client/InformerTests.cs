using System.Collections.Concurrent;
using EcsBridge.IntegrationTests.Infrastructure;
using EcsBridge.Kubernetes.Http;
using EcsBridge.Kubernetes.Json;
using EcsBridge.Kubernetes.Models;
using EcsBridge.Kubernetes.Watch;

namespace EcsBridge.IntegrationTests.Client;

/// <summary>Watches and informers against the real API server, including its restart and etcd compaction. These
/// restart kube-apiserver, which is fine because tests in the collection run one at a time.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class InformerTests(ControlPlaneFixture fixture)
{
    // kube-controller-manager publishes this ConfigMap into every namespace; the tests look only at their own.
    private const string NotRootCa = "metadata.name!=kube-root-ca.crt";

    private static ConfigMap Map(string name, Dictionary<string, string>? labels = null, OwnerReference? owner = null, string? data = null) => new()
    {
        Metadata = new ObjectMeta { Name = name, Labels = labels, OwnerReferences = owner is null ? null : [owner] },
        Data = data is null ? null : new Dictionary<string, string> { ["v"] = data },
    };

    private static Task<ConfigMap> CreateAsync(KubeClient client, string ns, ConfigMap map) =>
        client.CreateAsync(ResourceType.ConfigMaps, ns, map, KubeJsonContext.Default.ConfigMap);

    /// <summary>Records what the handlers saw, in order, as "add:name", "update:name:v", "delete:name".</summary>
    private static ConcurrentQueue<string> Record(Informer<ConfigMap> informer)
    {
        var seen = new ConcurrentQueue<string>();
        informer.AddEventHandler(
            onAdd: m => seen.Enqueue("add:" + m.Metadata.Name),
            onUpdate: (_, m) => seen.Enqueue($"update:{m.Metadata.Name}:{m.Data?.GetValueOrDefault("v")}"),
            onDelete: m => seen.Enqueue("delete:" + m.Metadata.Name));
        return seen;
    }

    [Fact]
    public async Task A_watch_streams_added_modified_and_deleted_events_in_order()
    {
        var ns = await fixture.CreateNamespaceAsync("watch");
        using var client = fixture.CreateAdminClient();
        var start = await client.ListAsync(ResourceType.ConfigMaps, ns, KubeJsonContext.Default.ConfigMap);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var events = new List<string>();
        var watching = Task.Run(async () =>
        {
            await foreach (var e in client.WatchAsync(ResourceType.ConfigMaps, ns, KubeJsonContext.Default.ConfigMap,
                               new WatchOptions { ResourceVersion = start.Metadata.ResourceVersion, TimeoutSeconds = 60, FieldSelector = NotRootCa }, cts.Token))
            {
                if (e.Type == WatchEventType.Bookmark)
                {
                    continue;
                }
                events.Add($"{e.Type}:{e.Object.Metadata.Name}");
                if (e.Type == WatchEventType.Deleted)
                {
                    break;
                }
            }
        });

        await CreateAsync(client, ns, Map("w"));
        await client.PatchAsync(ResourceType.ConfigMaps, ns, "w", PatchType.Merge, """{"data":{"v":"1"}}""", KubeJsonContext.Default.ConfigMap);
        await client.DeleteAsync(ResourceType.ConfigMaps, ns, "w");
        await watching;

        events.ShouldBe(["Added:w", "Modified:w", "Deleted:w"]);
        client.Metrics.Count("watch", "200").ShouldBe(1);
    }

    [Fact]
    public async Task The_informer_cache_indexes_by_owner_label_and_custom_indexers_and_notifies_handlers()
    {
        var ns = await fixture.CreateNamespaceAsync("index");
        using var client = fixture.CreateAdminClient();
        var owner = await CreateAsync(client, ns, Map("owner"));
        var ownerRef = new OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "owner", Uid = owner.Metadata.Uid! };
        await CreateAsync(client, ns, Map("child-1", new() { ["tier"] = "web" }, ownerRef, data: "td-a"));
        await using var informer = new Informer<ConfigMap>(client, ResourceType.ConfigMaps, KubeJsonContext.Default.ConfigMap,
            new InformerOptions<ConfigMap> { Namespace = ns, PageSize = 2, FieldSelector = NotRootCa });
        informer.Store.AddIndexer("byValue", m => m.Data?.TryGetValue("v", out var v) == true ? [v] : []);
        var seen = Record(informer);
        informer.Start();
        await informer.WaitForSyncAsync();
        informer.HasSynced.ShouldBeTrue();

        await CreateAsync(client, ns, Map("child-2", new() { ["tier"] = "web" }, ownerRef, data: "td-b"));
        await CreateAsync(client, ns, Map("other", new() { ["tier"] = "db" }, data: "td-a"));
        await Wait.TrueAsync(() => informer.Store.Count == 4, "four objects in the cache");

        informer.Store.ByOwner(owner.Metadata.Uid!).Select(m => m.Metadata.Name).Order().ShouldBe(["child-1", "child-2"]);
        informer.Store.ByLabel("tier", "web").Count.ShouldBe(2);
        informer.Store.ByLabel("tier", "db").Single().Metadata.Name.ShouldBe("other");
        informer.Store.ByIndex("byValue", "td-a").Select(m => m.Metadata.Name).Order().ShouldBe(["child-1", "other"]);
        informer.Store.List(ns).Count.ShouldBe(4);
        informer.Store.Get(ns, "child-2")!.Data!["v"].ShouldBe("td-b");

        await client.PatchAsync(ResourceType.ConfigMaps, ns, "other", PatchType.Merge, """{"metadata":{"labels":{"tier":"web"}},"data":{"v":"td-b"}}""", KubeJsonContext.Default.ConfigMap);
        await client.DeleteAsync(ResourceType.ConfigMaps, ns, "child-1");
        await Wait.TrueAsync(() => seen.Contains("delete:child-1"), "the delete");

        informer.Store.ByLabel("tier", "db").ShouldBeEmpty();
        informer.Store.ByLabel("tier", "web").Select(m => m.Metadata.Name).Order().ShouldBe(["child-2", "other"]);
        informer.Store.ByIndex("byValue", "td-a").ShouldBeEmpty();
        informer.Store.ByOwner(owner.Metadata.Uid!).Single().Metadata.Name.ShouldBe("child-2");
        var actual = string.Join(", ", seen);
        // The initial list arrives in name order.
        actual.ShouldBe("add:child-1, add:owner, add:child-2, add:other, update:other:td-b, delete:child-1", actual);
        informer.ListCount.ShouldBe(1);
    }

    [Fact]
    public async Task The_informer_resumes_across_an_apiserver_restart_without_losing_events()
    {
        var ns = await fixture.CreateNamespaceAsync("restart");
        using var client = fixture.CreateAdminClient();
        await CreateAsync(client, ns, Map("before", data: "0"));
        await using var informer = new Informer<ConfigMap>(client, ResourceType.ConfigMaps, KubeJsonContext.Default.ConfigMap,
            new InformerOptions<ConfigMap> { Namespace = ns, FieldSelector = NotRootCa });
        var seen = Record(informer);
        informer.Start();
        await informer.WaitForSyncAsync();

        await ControllerManagerReady.WaitAsync(fixture);
        await fixture.Plane.RestartApiServerAsync();
        // Written right after the restart, most likely while the informer is still backing off.
        await CreateAsync(client, ns, Map("after", data: "1"));
        await client.PatchAsync(ResourceType.ConfigMaps, ns, "after", PatchType.Merge, """{"data":{"v":"2"}}""", KubeJsonContext.Default.ConfigMap);
        await client.DeleteAsync(ResourceType.ConfigMaps, ns, "before");
        await CreateAsync(client, ns, Map("last", data: "3"));

        await Wait.TrueAsync(() => informer.Store.Get(ns, "last") is not null, "the informer to catch up");

        informer.Store.Keys().Order().ShouldBe([$"{ns}/after", $"{ns}/last"]);
        informer.Store.Get(ns, "after")!.Data!["v"].ShouldBe("2");
        seen.ShouldContain("delete:before");
        seen.Last().ShouldBe("add:last");
        // Resumed from its resourceVersion, the watch delivers each change in order; after a relist (if the
        // restarted server no longer knew that version) only the final state of "after" is delivered.
        var afterAdd = seen.ToList().IndexOf("add:after");
        afterAdd.ShouldBeGreaterThanOrEqualTo(0);
        seen.ToList().IndexOf("delete:before").ShouldBeGreaterThan(-1);
    }

    [Fact]
    public async Task After_etcd_compaction_an_old_resourceVersion_is_Gone_and_the_informer_relists_to_a_consistent_cache()
    {
        var ns = await fixture.CreateNamespaceAsync("gone");
        using var client = fixture.CreateAdminClient();
        await CreateAsync(client, ns, Map("keep"));
        await CreateAsync(client, ns, Map("remove"));
        var informer = new Informer<ConfigMap>(client, ResourceType.ConfigMaps, KubeJsonContext.Default.ConfigMap,
            new InformerOptions<ConfigMap> { Namespace = ns, FieldSelector = NotRootCa });
        var seen = Record(informer);
        informer.Start();
        await informer.WaitForSyncAsync();
        await informer.StopAsync();
        var oldVersion = informer.LastResourceVersion!;

        // While the informer is away: a delete and an add it will never see as watch events.
        await client.DeleteAsync(ResourceType.ConfigMaps, ns, "remove");
        await CreateAsync(client, ns, Map("new"));
        for (var i = 0; i < 5; i++)
        {
            await client.PatchAsync(ResourceType.ConfigMaps, ns, "keep", PatchType.Merge, $$$"""{"data":{"v":"{{{i}}}"}}""", KubeJsonContext.Default.ConfigMap);
        }
        await ControllerManagerReady.WaitAsync(fixture);
        await fixture.Plane.CompactEtcdAsync();
        // A restart empties the API server's watch cache, so the old version can only be served from etcd, where it is compacted.
        await fixture.Plane.RestartApiServerAsync();

        var gone = await Should.ThrowAsync<KubeGoneException>(async () =>
        {
            await foreach (var _ in client.WatchAsync(ResourceType.ConfigMaps, ns, KubeJsonContext.Default.ConfigMap,
                               new WatchOptions { ResourceVersion = oldVersion, TimeoutSeconds = 30 }))
            {
            }
        });
        gone.IsGone.ShouldBeTrue();

        informer.Start();
        await Wait.TrueAsync(() => informer.ListCount >= 2 && informer.Store.Get(ns, "new") is not null, "a relist");
        await informer.DisposeAsync();

        informer.Store.Keys().Order().ShouldBe([$"{ns}/keep", $"{ns}/new"]);
        informer.Store.Get(ns, "keep")!.Data!["v"].ShouldBe("4");
        seen.ShouldContain("delete:remove");
        seen.ShouldContain("add:new");
        seen.ShouldContain("update:keep:4");
    }
}
