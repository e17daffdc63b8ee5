using System.Net;
using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Controllers.Networking;

/// <summary>
/// The ingress controller (ingress-nginx's status updater): an Ingress whose class is an IngressClass with our
/// controller name (by spec.ingressClassName or the legacy kubernetes.io/ingress.class annotation) gets
/// status.loadBalancer.ingress with the configured address; other ingresses are not ours and get nothing
/// (an address we wrote earlier is taken back when the class changes away).
/// </summary>
internal sealed class IngressController(EventRecorder events, LocalClusterOptions options) : ReconcileLoop(options.Clock)
{
    private const string Component = "nginx-ingress-controller";
    private static readonly WriteOptions Write = WriteOptions.System("nginx-ingress-controller");

    protected override IReadOnlyCollection<string> Watches { get; } = [BuiltinResources.Ingresses.StorageKey, BuiltinResources.IngressClasses.StorageKey];

    protected override IEnumerable<string> InitialKeys(ResourceService api) => All(api);

    protected override IEnumerable<string> KeysFor(ResourceService api, WatchEvent change)
    {
        if (change.StorageKey == BuiltinResources.IngressClasses.StorageKey)
        {
            return All(api);
        }

        return change.StorageKey == BuiltinResources.Ingresses.StorageKey && change.Type != WatchEvent.Deleted ? [change.Object.Key] : [];
    }

    protected override TimeSpan? Reconcile(ResourceService api, string key)
    {
        var (ns, name) = SplitKey(key);
        if (api.TryGet(BuiltinResources.Ingresses, ns, name) is not { } ingress || ingress.IsDeleting())
        {
            return null;
        }

        var className = ingress.ObjectAt("spec").Str("ingressClassName")
            ?? ingress.Metadata().StringMap("annotations").GetValueOrDefault("kubernetes.io/ingress.class");
        var ours = className is not null &&
            api.TryGet(BuiltinResources.IngressClasses, null, className)?.ObjectAt("spec").Str("controller") == options.IngressController;
        var publishes = ours && options.IngressAddress is not null;
        if (ours && !publishes)
        {
            // A controller without a published address still syncs the Ingress; its status stays empty.
            events.Record(api, ingress, EventRecorder.Normal, "Sync", "Scheduled for sync", Component);
            return null;
        }

        var address = IPAddress.TryParse(options.IngressAddress, out _)
            ? new JsonObject { ["ip"] = options.IngressAddress }
            : new JsonObject { ["hostname"] = options.IngressAddress };
        var wanted = new JsonObject
        {
            ["loadBalancer"] = publishes ? new JsonObject { ["ingress"] = new JsonArray(address) } : new JsonObject(),
        };
        var current = ingress.ObjectAt("status") ?? new JsonObject { ["loadBalancer"] = new JsonObject() };
        if (JsonFields.SameContent(current, wanted) || (!publishes && current.ObjectAt("loadBalancer")?["ingress"] is null))
        {
            return null;
        }

        ingress["status"] = wanted;
        var updated = api.Update(BuiltinResources.Ingresses, ns, name, ingress, "status", Write);
        if (publishes)
        {
            events.Record(api, updated, EventRecorder.Normal, "Sync", "Scheduled for sync", Component);
        }

        return null;
    }

    private static IEnumerable<string> All(ResourceService api) =>
        api.List(BuiltinResources.Ingresses, null, new ListOptions()).Items.Select(i => i.Key).ToList();
}
