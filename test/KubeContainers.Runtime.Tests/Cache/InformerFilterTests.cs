using k8s.Models;
using KubeContainers.Runtime.Cache;
using KubeContainers.Runtime.Client;
using KubeContainers.Runtime.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeContainers.Runtime.Tests.Cache;

/// <summary>A transform that returns null leaves the object out of the cache, and takes out one kept earlier.</summary>
public sealed class InformerFilterTests
{
    [Fact]
    public async Task Objects_the_transform_leaves_out_are_neither_stored_nor_handed_to_handlers()
    {
        var ct = TestContext.Current.CancellationToken;
        var api = new FakeKubeClient();
        api.Seed(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "kept", NamespaceProperty = "default" } });
        api.Seed(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "dropped", NamespaceProperty = "default" } });
        var registry = new InformerRegistry(api, new InformerOptions(), TimeProvider.System, NullLoggerFactory.Instance);
        var informer = registry.For<V1ConfigMap>(transform: cm => cm.Metadata.Name == "dropped" ? null : cm, fieldSelector: "metadata.namespace=default");
        var seen = new List<string>();
        informer.Subscribe(e => seen.Add(e.Object.Metadata.Name));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = registry.RunAsync(stop.Token);
        await registry.WaitForSyncAsync(ct);

        informer.Store.Get(new ObjectKey("default", "kept")).ShouldNotBeNull();
        informer.Store.Get(new ObjectKey("default", "dropped")).ShouldBeNull();
        seen.ShouldBe(["kept"]);
        api.Lists.ShouldAllBe(l => l.FieldSelector == "metadata.namespace=default");
        await stop.CancelAsync();
        await run;
    }
}
