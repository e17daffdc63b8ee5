using k8s.Models;
using KubeContainers.Runtime.Cache;
using KubeContainers.Runtime.Client;
using KubeContainers.Runtime.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace KubeContainers.Runtime.Tests.Cache;

public sealed class InformerTransformTests
{
    [Fact]
    public async Task Listed_objects_are_stored_and_handed_to_handlers_transformed_and_without_managed_fields()
    {
        var ct = TestContext.Current.CancellationToken;
        var api = new FakeKubeClient();
        api.Seed(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta
            {
                Name = "a",
                NamespaceProperty = "default",
                ManagedFields = [new V1ManagedFieldsEntry { Manager = "kubectl", Operation = "Update" }],
            },
            Data = new Dictionary<string, string> { ["keep"] = "1", ["big"] = new string('x', 1000) },
        });
        var registry = new InformerRegistry(api, new InformerOptions(), TimeProvider.System, NullLoggerFactory.Instance);
        var informer = registry.For<V1ConfigMap>(transform: cm =>
        {
            cm.Data.Remove("big");
            return cm;
        });
        var seen = new List<V1ConfigMap>();
        informer.Subscribe(e => seen.Add(e.Object));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = registry.RunAsync(stop.Token);
        await registry.WaitForSyncAsync(ct);

        var cached = informer.Store.Get(new ObjectKey("default", "a"))!;
        cached.Data.Keys.ShouldBe(["keep"]);
        cached.Metadata.ManagedFields.ShouldBeNull();
        // Handlers get the same trimmed object the store keeps (packed, so a copy).
        seen.Single().Data.Keys.ShouldBe(["keep"]);
        seen.Single().Metadata.ManagedFields.ShouldBeNull();
        await stop.CancelAsync();
        await run;
    }
}
