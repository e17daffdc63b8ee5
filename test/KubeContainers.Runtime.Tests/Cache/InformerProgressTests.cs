using k8s.Models;
using KubeContainers.Runtime.Cache;
using KubeContainers.Runtime.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeContainers.Runtime.Tests.Cache;

/// <summary>A first list read by namespace before it ends, and the order in which the registry starts its informers.</summary>
public sealed class InformerProgressTests
{
    [Fact]
    public async Task A_namespace_reads_as_synced_once_the_pages_before_the_next_namespace_are_stored()
    {
        var ct = TestContext.Current.CancellationToken;
        var api = new FakeKubeClient();
        (string Namespace, string Name)[] seeded = [("a", "cm-0"), ("a", "cm-1"), ("b", "cm-0"), ("b", "cm-1"), ("c", "cm-0")];
        foreach (var (ns, name) in seeded)
        {
            api.Seed(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns } });
        }

        using var secondPage = new ManualResetEventSlim();
        api.React((verb, key) =>
        {
            if (verb == "list" && key.Name != "")
            {
                secondPage.Wait(ct);
            }

            return null;
        });
        var informer = new Informer<V1ConfigMap>(api, new InformerOptions { ListPageSize = 3 }, TimeProvider.System, NullLogger.Instance);
        var initial = new List<bool>();
        informer.Subscribe(e => initial.Add(e.InInitialList));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = informer.RunAsync(stop.Token);

        await Eventually.Until(() => informer.IsSyncedFor("a"), "namespace a is listed", TimeSpan.FromSeconds(20));
        informer.HasSynced.ShouldBeFalse();
        informer.IsSyncedFor("b").ShouldBeFalse("the first page ended inside b");
        informer.IsSyncedFor(null).ShouldBeFalse();

        secondPage.Set();
        await Eventually.Until(() => informer.HasSynced, "the informer syncs", TimeSpan.FromSeconds(20));
        informer.IsSyncedFor("b").ShouldBeTrue();
        informer.IsSyncedFor("z").ShouldBeTrue();
        initial.ShouldBe([true, true, true, true, true]);

        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task With_one_scope_per_namespace_a_namespace_reads_as_synced_once_its_own_scope_has_listed()
    {
        var ct = TestContext.Current.CancellationToken;
        var api = new FakeKubeClient();
        api.Seed(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm", NamespaceProperty = "a" } });
        api.Seed(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm", NamespaceProperty = "b" } });
        using var listB = new ManualResetEventSlim();
        api.React((verb, key) =>
        {
            if (verb == "list" && key.Namespace == "b")
            {
                listB.Wait(ct);
            }

            return null;
        });
        var informer = new Informer<V1ConfigMap>(api, new InformerOptions { Namespaces = ["a", "b"] }, TimeProvider.System, NullLogger.Instance);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = informer.RunAsync(stop.Token);

        await Eventually.Until(() => informer.IsSyncedFor("a"), "namespace a's scope lists", TimeSpan.FromSeconds(20));
        informer.IsSyncedFor("b").ShouldBeFalse();
        informer.HasSynced.ShouldBeFalse();

        listB.Set();
        await Eventually.Until(() => informer.HasSynced, "both scopes list", TimeSpan.FromSeconds(20));
        informer.IsSyncedFor("b").ShouldBeTrue();

        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Kinds_read_in_the_key_namespace_start_listing_only_once_the_others_have_synced()
    {
        var ct = TestContext.Current.CancellationToken;
        var api = new FakeKubeClient();
        api.Seed(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm", NamespaceProperty = "a" } });
        api.Seed(new V1Secret { Metadata = new V1ObjectMeta { Name = "s", NamespaceProperty = "a" } });
        var registry = new InformerRegistry(api, new InformerOptions(), TimeProvider.System, NullLoggerFactory.Instance);
        var primary = registry.For<V1ConfigMap>();
        var child = registry.For<V1Secret>();
        using var firstList = new ManualResetEventSlim();
        var listed = new List<(Type Kind, bool PrimarySynced)>();
        api.React((verb, type, _) =>
        {
            if (verb == "list")
            {
                lock (listed)
                {
                    listed.Add((type, primary.HasSynced));
                }

                if (type == typeof(V1ConfigMap))
                {
                    firstList.Wait(ct);
                }
            }

            return null;
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);

        var run = registry.RunAsync(stop.Token, new HashSet<Type> { typeof(V1Secret) });
        await Eventually.Until(() => { lock (listed) { return listed.Count > 0; } }, "the primary kind lists", TimeSpan.FromSeconds(20));
        firstList.Set();
        await Eventually.Until(() => child.HasSynced, "the child kind lists", TimeSpan.FromSeconds(20));

        lock (listed)
        {
            listed.ShouldBe([(typeof(V1ConfigMap), false), (typeof(V1Secret), true)]);
        }

        await stop.CancelAsync();
        await run;
    }
}
