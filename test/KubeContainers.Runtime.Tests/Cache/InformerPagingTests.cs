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
    public async Task A_page_is_stored_while_the_next_one_is_on_its_way_and_no_page_is_asked_for_further_ahead()
    {
        var ct = TestContext.Current.CancellationToken;
        var api = Seeded(7);
        using var secondPage = new ManualResetEventSlim();
        api.React((verb, key) =>
        {
            if (verb == "list" && key.Name == "default/cm-2")
            {
                secondPage.Wait(ct);
            }

            return null;
        });
        var informer = new Informer<V1ConfigMap>(api, new InformerOptions { ListPageSize = 3 }, TimeProvider.System, NullLogger.Instance);
        bool? askedWhileStoring = null;
        // The first object's handler runs while page 1 is stored: page 2 must be asked for meanwhile, not after.
        informer.Subscribe(_ => askedWhileStoring ??= SpinWait.SpinUntil(() => api.Lists.Count >= 2, TimeSpan.FromSeconds(10)));
        var stored = 0;
        informer.Progressed += () => Interlocked.Increment(ref stored);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = informer.RunAsync(stop.Token);

        // The second page's answer is held back: the first page is stored meanwhile, and nothing past page 2 is asked.
        await Eventually.Until(() => Volatile.Read(ref stored) == 1 && api.Lists.Count == 2, "page 1 stored while page 2 is asked for", TimeSpan.FromSeconds(20));
        askedWhileStoring.ShouldBe(true);
        informer.Count.ShouldBe(3);
        api.Lists.Count.ShouldBe(2);

        secondPage.Set();
        await Eventually.Until(() => informer.HasSynced, "the informer syncs", TimeSpan.FromSeconds(20));
        await stop.CancelAsync();
        await run;
        Names(informer).ShouldBe(Expected(7));
        api.Lists.Select(l => l.Continue).ShouldBe([null, "default/cm-2", "default/cm-5"]);
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
