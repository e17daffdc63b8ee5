using System.Net;
using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Controllers.Networking;

/// <summary>
/// An optional load balancer controller, as cloud-provider-kind or MetalLB add to kind (stock kind has none, so
/// a LoadBalancer Service stays pending for ever, which is what this cluster does when it is off): a Service of
/// type LoadBalancer without spec.loadBalancerClass (a class names another implementation, which the cloud service
/// controller leaves alone) gets the first free address of the pool in status.loadBalancer.ingress, with the
/// Events of kube-controller-manager's service controller (EnsuringLoadBalancer, EnsuredLoadBalancer, or
/// SyncLoadBalancerFailed when the pool is exhausted). A Service that stops being a LoadBalancer loses its address.
/// Traffic is not carried: the address is only published.
/// </summary>
internal sealed class LoadBalancerController(EventRecorder events, LocalClusterOptions options, LoadBalancerPool pool) : ReconcileLoop(options.Clock)
{
    private const string Component = "service-controller";
    private static readonly WriteOptions Write = WriteOptions.System("service-controller");

    protected override IReadOnlyCollection<string> Watches { get; } = [BuiltinResources.Services.StorageKey];

    protected override IEnumerable<string> InitialKeys(ResourceService api) => All(api);

    protected override IEnumerable<string> KeysFor(ResourceService api, WatchEvent change) =>
        // A deleted Service frees its address: the pending ones may take it.
        change.Type == WatchEvent.Deleted ? All(api) : [change.Object.Key];

    protected override TimeSpan? Reconcile(ResourceService api, string key)
    {
        var (ns, name) = SplitKey(key);
        if (api.TryGet(BuiltinResources.Services, ns, name) is not { } service || service.IsDeleting())
        {
            return null;
        }

        var spec = service.ObjectAt("spec");
        var ours = spec.Str("type") == "LoadBalancer" && spec.Str("loadBalancerClass") is null;
        var current = service.ObjectAt("status")?.ObjectAt("loadBalancer")?["ingress"] as JsonArray;
        if (!ours)
        {
            if (current is { Count: > 0 } && spec.Str("type") != "LoadBalancer")
            {
                service["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
                api.Update(BuiltinResources.Services, ns, name, service, "status", Write);
            }

            return null;
        }

        if (current is { Count: > 0 })
        {
            return null;
        }

        events.Record(api, service, EventRecorder.Normal, "EnsuringLoadBalancer", "Ensuring load balancer", Component);
        var taken = api.List(BuiltinResources.Services, null, new ListOptions()).Items
            .Select(s => s.ToJsonObject().ObjectAt("status")?.ObjectAt("loadBalancer")?["ingress"] as JsonArray)
            .SelectMany(a => a?.OfType<JsonObject>() ?? [])
            .Select(i => i.Str("ip"))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        if (pool.FirstFree(taken) is not { } address)
        {
            events.Record(api, service, EventRecorder.Warning, "SyncLoadBalancerFailed",
                $"Error syncing load balancer: failed to ensure load balancer: no free address in {pool}", Component);
            return null;
        }

        service["status"] = new JsonObject
        {
            ["loadBalancer"] = new JsonObject { ["ingress"] = new JsonArray(new JsonObject { ["ip"] = address.ToString(), ["ipMode"] = "VIP" }) },
        };
        var updated = api.Update(BuiltinResources.Services, ns, name, service, "status", Write);
        events.Record(api, updated, EventRecorder.Normal, "EnsuredLoadBalancer", "Ensured load balancer", Component);
        return null;
    }

    private static IEnumerable<string> All(ResourceService api) =>
        api.List(BuiltinResources.Services, null, new ListOptions()).Items.Select(s => s.Key).ToList();
}
