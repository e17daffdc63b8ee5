using System.Net;
using k8s.Models;
using KubeContainers.Runtime.Cache;
using KubeContainers.Runtime.Client;
using KubeContainers.Runtime.Tests.Fakes;
using KubeContainers.Runtime.Tests.Integration;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeContainers.Runtime.Tests.Cache;

public sealed class InformerPagingTests
{
    [Fact]
    public async Task The_informer_lists_page_by_page_and_stores_every_object_once()
    {
        var api = Seeded(7);
        var (informer, events) = await SyncedAsync(api, new InformerOptions { ListPageSize = 3 });

        Names(informer).ShouldBe(Expected(7));
        events.ShouldBe([.. Expected(7).Select(n => $"Added {n}")]);
        api.Lists.Select(l => (l.Limit, l.Continue)).ShouldBe([(3, null), (3, "default/cm-2"), (3, "default/cm-5")]);
    }

    [Fact]
    public async Task A_continue_token_that_expired_makes_the_informer_list_again_in_one_piece()
    {
        var api = Seeded(5);
        api.React((verb, key) => verb == "list" && key.Name != "" ? new KubeApiException(HttpStatusCode.Gone, "Expired", "continue token expired") : null);
        var (informer, _) = await SyncedAsync(api, new InformerOptions { ListPageSize = 2 });

        Names(informer).ShouldBe(Expected(5));
        api.Lists.Select(l => (l.Limit, l.Continue)).ShouldBe([(2, null), (2, "default/cm-1"), (null, null)]);
    }

    [Fact]
    public async Task Without_a_page_size_the_whole_list_comes_in_one_request()
    {
        var api = Seeded(4);
        var (informer, _) = await SyncedAsync(api, new InformerOptions { ListPageSize = null });

        Names(informer).ShouldBe(Expected(4));
        api.Lists.Single().Limit.ShouldBeNull();
    }

    private static FakeKubeClient Seeded(int count)
    {
        var api = new FakeKubeClient();
        foreach (var name in Expected(count))
        {
            api.Seed(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" } });
        }

        return api;
    }

    private static async Task<(Informer<V1ConfigMap> Informer, List<string> Events)> SyncedAsync(FakeKubeClient api, InformerOptions options)
    {
        var ct = TestContext.Current.CancellationToken;
        var informer = new Informer<V1ConfigMap>(api, options, TimeProvider.System, NullLogger.Instance);
        var events = new List<string>();
        informer.Subscribe(e => events.Add($"{e.Type} {e.Object.Metadata.Name}"));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = informer.RunAsync(stop.Token);
        await Eventually.Until(() => informer.HasSynced, "the informer syncs", TimeSpan.FromSeconds(20));

        await stop.CancelAsync();
        await run;
        return (informer, events);
    }

    private static string[] Expected(int count) => [.. Enumerable.Range(0, count).Select(i => $"cm-{i}")];

    private static string[] Names(Informer<V1ConfigMap> informer) => [.. informer.Store.List().Select(c => c.Metadata.Name).Order(StringComparer.Ordinal)];
}
