using k8s.Models;
using KubeContainers.LocalCluster;
using KubeContainers.Runtime.Cache;
using KubeContainers.Runtime.Client;
using KubeContainers.Runtime.Controller;
using KubeContainers.Runtime.Queue;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using static KubeContainers.Runtime.Tests.Integration.ClusterTestKit;

namespace KubeContainers.Runtime.Tests.Controller;

/// <summary>How declared watches enqueue, over real informers of the local cluster: the primary kind (ConfigMaps here)
/// at once; its children (Secrets owned by a ConfigMap) after the child delay, filtered by their predicate, and not
/// at all when their owner is gone.</summary>
[ClusterTest]
public sealed class ControllerBuilderTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private static readonly ObjectKey Web = new("default", "web");

    [Fact]
    public async Task The_primary_kind_enqueues_at_once_and_a_child_event_only_after_the_child_delay()
    {
        await using var world = await World.StartAsync(b => b.For<V1ConfigMap>().Owns<V1Secret>().WithChildDelay(TimeSpan.FromSeconds(3)));
        var owner = await world.Client.CreateAsync(ConfigMap("web"), Ct);
        await Eventually.Until(() => world.Queue.Length == 1, "the owner's own event, at once", Within);
        world.Queue.Done(await world.Queue.GetAsync(Ct));

        await world.Client.CreateAsync(Secret("web-token", owner), Ct);
        await Eventually.Until(() => world.Registry.For<V1Secret>().Store.Get(new("default", "web-token")) is not null, "the child's event", Within);
        world.Queue.Length.ShouldBe(0, "a child's wake-up waits for the delay");

        await Eventually.Until(() => world.Queue.Length == 1, "the owner, after the delay", Within);
        (await world.Queue.GetAsync(Ct)).ShouldBe(Web);
    }

    [Fact]
    public async Task A_child_whose_owner_is_not_in_the_cache_enqueues_nothing_and_nor_does_one_its_predicate_refuses()
    {
        await using var world = await World.StartAsync(b => b
            .For<V1ConfigMap>()
            .Owns<V1Secret>(e => e.Object.Metadata.Name != "refused")
            .WithChildDelay(TimeSpan.FromMilliseconds(100)));
        var owner = await world.Client.CreateAsync(ConfigMap("web"), Ct);
        // The refused child has an owner of its own, so a wake-up for it cannot hide behind the passed child's.
        var other = await world.Client.CreateAsync(ConfigMap("api"), Ct);
        await Eventually.Until(() => world.Queue.Length == 2, "the owners' own events", Within);
        world.Queue.Done(await world.Queue.GetAsync(Ct));
        world.Queue.Done(await world.Queue.GetAsync(Ct));

        await world.Client.CreateAsync(Secret("refused", other), Ct);
        var orphan = await world.Client.CreateAsync(Secret("orphan", new V1ConfigMap { Metadata = new() { Name = "gone", Uid = "uid-gone" } }), Ct);
        // A last event, passed, proves the two before it were handled (one informer, in order); any wake-up they
        // made is due no later than the passed child's, and the queue hands out due keys in due order.
        await world.Client.CreateAsync(Secret("passed", owner), Ct);
        await Eventually.Until(() => world.Queue.Length >= 1, "the passed child's owner", Within);

        orphan.Metadata.OwnerReferences.ShouldHaveSingleItem().Name.ShouldBe("gone");
        (await world.Queue.GetAsync(Ct)).ShouldBe(Web, "the passed child's owner comes first: nothing for the refused child nor for the orphan");
        world.Queue.Length.ShouldBe(0, "nothing for the refused child nor for the orphan");
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static V1Secret Secret(string name, V1ConfigMap owner) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "default",
            OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = owner.Metadata.Name, Uid = owner.Metadata.Uid, Controller = true }],
        },
        StringData = new Dictionary<string, string> { ["token"] = name },
    };

    [Fact]
    public async Task A_first_list_enqueues_each_primary_key_once_at_low_priority_and_its_children_add_nothing()
    {
        await using var world = await World.StartAsync(
            b => b.For<V1ConfigMap>().Owns<V1Secret>().WithChildDelay(TimeSpan.FromMilliseconds(100)),
            async client =>
            {
                var web = await client.CreateAsync(ConfigMap("web"), Ct);
                await client.CreateAsync(ConfigMap("api"), Ct);
                await client.CreateAsync(Secret("web-token", web), Ct);
            });
        await Eventually.Until(() => world.Queue.Length == 2, "both owners from the first list", Within);
        var first = await world.Queue.GetWithPriorityAsync(Ct);
        var second = await world.Queue.GetWithPriorityAsync(Ct);
        new[] { first, second }.ShouldBe([(new ObjectKey("default", "api"), QueuePriority.Low), (Web, QueuePriority.Low)], ignoreOrder: true);
        world.Queue.Done(first.Key);
        world.Queue.Done(second.Key);

        // A child's real event wakes its owner after the delay; a wake-up by web's listed child would have been due first.
        var api = world.Registry.For<V1ConfigMap>().Store.Get(new("default", "api"))!;
        await world.Client.CreateAsync(Secret("api-token", api), Ct);
        await Eventually.Until(() => world.Queue.Length >= 1, "api, woken by its new child", Within);

        (await world.Queue.GetWithPriorityAsync(Ct)).ShouldBe((new ObjectKey("default", "api"), QueuePriority.Normal));
        world.Queue.Length.ShouldBe(0, "web's child from the first list woke nothing");
        world.Queue.Done(new ObjectKey("default", "api"));

        // The primary's own change shares its children's priority, as in controller-runtime: an edit never overtakes
        // the wake-up that finishes another container's rollout.
        var webNow = world.Registry.For<V1ConfigMap>().Store.Get(Web)!;
        webNow.Data = new Dictionary<string, string> { ["edited"] = "yes" };
        await world.Client.UpdateAsync(webNow, Ct);
        await Eventually.Until(() => world.Queue.Length >= 1, "web, woken by its edit", Within);
        (await world.Queue.GetWithPriorityAsync(Ct)).ShouldBe((Web, QueuePriority.Normal));
    }

    private sealed class World : IAsyncDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private LocalCluster.LocalCluster cluster = null!;

        public IKubeClient Client { get; private set; } = null!;

        public InformerRegistry Registry { get; private set; } = null!;

        public WorkQueue<ObjectKey> Queue { get; } = new("test", TimeProvider.System);

        public static async Task<World> StartAsync(Action<ControllerBuilder> configure, Func<IKubeClient, Task>? before = null)
        {
            var world = new World();
            world.cluster = await LocalCluster.LocalCluster.StartAsync(new LocalClusterOptions { EnableControllers = false }, Ct);
            world.Client = NewClient(world.cluster);
            if (before is not null)
            {
                await before(world.Client);
            }

            world.Registry = new InformerRegistry(world.Client, new InformerOptions { Namespaces = ["default"] }, TimeProvider.System, NullLoggerFactory.Instance);
            var builder = new ControllerBuilder("test", defaultWorkers: 1);
            configure(builder);
            var services = new ServiceCollection().BuildServiceProvider();
            foreach (var wire in builder.Wirings)
            {
                wire(world.Registry, world.Queue, services);
            }

            _ = world.Registry.RunAsync(world.stop.Token);
            await Eventually.Until(() => world.Registry.HasSynced, "the informers' first lists", Within);
            return world;
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            Queue.Dispose();
            await cluster.DisposeAsync();
            stop.Dispose();
        }
    }
}
