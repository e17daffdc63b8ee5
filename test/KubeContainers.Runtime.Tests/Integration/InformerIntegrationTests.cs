using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubeContainers.Runtime.Cache;
using KubeContainers.Runtime.Client;
using KubeContainers.Runtime.Hosting;
using KubeContainers.LocalCluster;
using KubeContainers.LocalCluster.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using static KubeContainers.Runtime.Tests.Integration.ClusterTestKit;

namespace KubeContainers.Runtime.Tests.Integration;

[ClusterTest]
public sealed class InformerIntegrationTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task The_informer_survives_closed_watches_without_missing_an_object()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await LocalCluster.LocalCluster.StartAsync(new LocalClusterOptions { EnableControllers = false }, ct);
        var client = NewClient(cluster);
        var informer = new Informer<V1ConfigMap>(client, new InformerOptions { Namespaces = ["default"] }, TimeProvider.System, NullLogger.Instance);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = informer.RunAsync(stop.Token);
        await Eventually.Until(() => informer.HasSynced, "initial list", Within);

        var expected = new HashSet<string>();
        for (var round = 0; round < 5; round++)
        {
            await client.CreateAsync(ConfigMap($"before-close-{round}"), ct);
            cluster.Faults.CloseAllWatches();
            await client.CreateAsync(ConfigMap($"after-close-{round}"), ct);
            expected.Add($"before-close-{round}");
            expected.Add($"after-close-{round}");
        }

        await client.DeleteAsync<V1ConfigMap>("before-close-0", "default", ct);
        expected.Remove("before-close-0");
        cluster.Faults.CloseAllWatches();

        await Eventually.Until(() => Names(informer).SetEquals(expected), "every create and the delete across closed watches", Within);
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task A_410_Gone_makes_the_informer_relist_and_it_misses_nothing_deletions_included()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await LocalCluster.LocalCluster.StartAsync(
            new LocalClusterOptions { EnableControllers = false, BookmarkInterval = TimeSpan.FromHours(1) }, ct);
        var client = NewClient(cluster);
        await client.CreateAsync(ConfigMap("doomed"), ct);
        var informer = new Informer<V1ConfigMap>(client, new InformerOptions { Namespaces = ["default"] }, TimeProvider.System, NullLogger.Instance);
        var relists = RuntimeMetrics.Relists.WithLabels("ConfigMap").Value;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = informer.RunAsync(stop.Token);
        await Eventually.Until(() => informer.HasSynced && Names(informer).Contains("doomed"), "initial list", Within);

        // The watch is closed, and before any new watch can subscribe (the store's lock is held) the store changes and
        // its history is compacted, so resuming from the old resource version is answered 410 Gone.
        var configMaps = BuiltinResources.ConfigMaps.StorageKey;
        cluster.Store.Locked(() =>
        {
            cluster.Faults.CloseAllWatches();
            for (var i = 0; i < 5; i++)
            {
                cluster.Store.Put(configMaps, JsonNode.Parse(KubernetesJson.Serialize(ConfigMap($"missed-{i}")))!.AsObject());
            }

            cluster.Store.Remove(configMaps, "default", "doomed");
            cluster.Store.Compact();
            return true;
        });

        await Eventually.Until(
            () => Names(informer).SetEquals(Enumerable.Range(0, 5).Select(i => $"missed-{i}")), "the re-list after 410 brings every missed create and delete",
            Within);
        RuntimeMetrics.Relists.WithLabels("ConfigMap").Value.ShouldBeGreaterThanOrEqualTo(relists + 2);

        await client.CreateAsync(ConfigMap("after-relist"), ct);
        await Eventually.Until(() => Names(informer).Contains("after-relist"), "watching resumes after the re-list", Within);
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task The_initial_list_comes_in_pages_over_the_real_client_and_misses_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await LocalCluster.LocalCluster.StartAsync(new LocalClusterOptions { EnableControllers = false }, ct);
        var client = NewClient(cluster);
        for (var i = 0; i < 5; i++)
        {
            await client.CreateAsync(ConfigMap($"paged-{i}"), ct);
        }

        var informer = new Informer<V1ConfigMap>(client, new InformerOptions { Namespaces = ["default"], ListPageSize = 2 }, TimeProvider.System, NullLogger.Instance);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = informer.RunAsync(stop.Token);
        await Eventually.Until(() => informer.HasSynced, "initial list", Within);

        Names(informer).SetEquals(Enumerable.Range(0, 5).Select(i => $"paged-{i}")).ShouldBeTrue(string.Join(", ", Names(informer)));
        // Six ConfigMaps (with kube-root-ca.crt) in pages of two: three list requests.
        cluster.Requests.Snapshot().Where(e => e.Verb == "list" && e.Resource == "configmaps").Sum(e => e.Count).ShouldBe(3);
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task A_silent_watch_is_replaced_and_what_it_swallowed_arrives()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await LocalCluster.LocalCluster.StartAsync(
            new LocalClusterOptions { EnableControllers = false, BookmarkInterval = TimeSpan.FromHours(1) }, ct);
        var client = NewClient(cluster);
        var options = new InformerOptions { Namespaces = ["default"], WatchIdleTimeout = TimeSpan.FromSeconds(2) };
        var informer = new Informer<V1ConfigMap>(client, options, TimeProvider.System, NullLogger.Instance);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = informer.RunAsync(stop.Token);
        await Eventually.Until(() => informer.HasSynced, "initial list", Within);
        await client.CreateAsync(ConfigMap("seen"), ct);
        await Eventually.Until(() => Names(informer).Contains("seen"), "a live watch delivers", Within);

        // The open watch drops this event and says nothing; only replacing the watch recovers it.
        var swallowedBefore = cluster.Faults.WatchEventsSwallowed;
        cluster.Faults.StallWatches = true;
        await client.CreateAsync(ConfigMap("swallowed"), ct);
        await Eventually.Until(() => cluster.Faults.WatchEventsSwallowed > swallowedBefore, "the open watch to drop the event", Within);
        Names(informer).ShouldNotContain("swallowed");
        cluster.Faults.StallWatches = false;

        await Eventually.Until(() => Names(informer).Contains("swallowed"), "the silent watch is replaced and replays from its resource version", Within);
        await stop.CancelAsync();
        await run;
    }

    private static HashSet<string> Names(Informer<V1ConfigMap> informer) =>
        [.. informer.Store.List("default").Select(c => c.Metadata.Name).Where(n => n != "kube-root-ca.crt")];
}
