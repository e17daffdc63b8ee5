using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Controllers.Networking;

/// <summary>
/// The endpoints controller: for each Service with a selector, an Endpoints object of the same name listing the
/// selected pods' IPs (ready ones under addresses, the others under notReadyAddresses) and the service ports with
/// named target ports resolved; removed with its Service. Services without a selector are left to their users.
/// A pod change touches only the services whose selector matches the pod's labels before or after it, as upstream's
/// getPodServiceMemberships; each service's selector is read once per revision of the service.
/// </summary>
internal sealed class EndpointsController(TimeProvider clock) : ReconcileLoop(clock)
{
    private static readonly WriteOptions Write = WriteOptions.System("kube-controller-manager");
    private readonly Dictionary<string, (long Revision, Dictionary<string, string> Selector)> _selectors = new(StringComparer.Ordinal);

    protected override IReadOnlyCollection<string> Watches { get; } = [BuiltinResources.Services.StorageKey, BuiltinResources.Pods.StorageKey];

    protected override IEnumerable<string> InitialKeys(ResourceService api) =>
        api.List(BuiltinResources.Services, null, new ListOptions()).Items.Select(s => s.Key);

    protected override IEnumerable<string> KeysFor(ResourceService api, WatchEvent change)
    {
        if (change.StorageKey == BuiltinResources.Services.StorageKey)
        {
            if (change.Type == WatchEvent.Deleted)
            {
                _selectors.Remove(change.Object.Key);
            }

            return [change.Object.Key];
        }

        if (change.StorageKey != BuiltinResources.Pods.StorageKey || change.Object.Namespace is not { } ns)
        {
            return [];
        }

        return api.Store.Current(BuiltinResources.Services.StorageKey, ns)
            .Where(service => SelectorOf(service) is { Count: > 0 } selector &&
                (Matches(selector, change.Object) || (change.Previous is { } before && Matches(selector, before))))
            .Select(service => service.Key)
            .ToList();
    }

    private Dictionary<string, string> SelectorOf(StoredObject service)
    {
        if (!_selectors.TryGetValue(service.Key, out var known) || known.Revision != service.Revision)
        {
            known = (service.Revision, service.ToJsonObject().ObjectAt("spec").StringMap("selector"));
            _selectors[service.Key] = known;
        }

        return known.Selector;
    }

    private static bool Matches(Dictionary<string, string> selector, StoredObject pod) =>
        selector.All(s => pod.Labels.TryGetValue(s.Key, out var value) && value == s.Value);

    protected override TimeSpan? Reconcile(ResourceService api, string key)
    {
        var (ns, name) = SplitKey(key);
        var service = api.TryGet(BuiltinResources.Services, ns, name);
        var existing = api.TryGet(BuiltinResources.Endpoints, ns, name);
        var selector = service?.ObjectAt("spec").StringMap("selector") ?? [];
        if (service is null || selector.Count == 0)
        {
            if (service is null && existing is not null)
            {
                api.Delete(BuiltinResources.Endpoints, ns, name, new DeleteOptions(PreconditionUid: existing.Uid()));
            }

            return null;
        }

        var pods = api.Store.Current(BuiltinResources.Pods.StorageKey, ns)
            .Where(p => !p.IsDeleting && Matches(selector, p))
            .Select(p => p.ToJsonObject())
            .Where(p => Pods.IsActive(p) && p.ObjectAt("status").Str("podIP") is { Length: > 0 })
            .OrderBy(p => p.ObjectAt("status").Str("podIP"), StringComparer.Ordinal)
            .ToList();
        var endpoints = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Endpoints",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["labels"] = service.Labels().ToJson(),
            },
        };
        if (pods.Count > 0)
        {
            var subset = new JsonObject();
            var ready = pods.Where(Pods.IsReady).Select(p => (JsonNode?)Address(p)).ToJsonArray();
            var notReady = pods.Where(p => !Pods.IsReady(p)).Select(p => (JsonNode?)Address(p)).ToJsonArray();
            if (ready.Count > 0)
            {
                subset["addresses"] = ready;
            }

            if (notReady.Count > 0)
            {
                subset["notReadyAddresses"] = notReady;
            }

            subset["ports"] = service.ObjectAt("spec").Objects("ports").Select(p => (JsonNode?)Port(p, pods[0])).ToJsonArray();
            endpoints["subsets"] = new JsonArray(subset);
        }

        if (existing is null)
        {
            api.Create(BuiltinResources.Endpoints, ns, endpoints, Write);
        }
        else if (!JsonFields.SameContent(existing["subsets"], endpoints["subsets"]) || !JsonFields.SameContent(existing.Metadata()["labels"], endpoints.Metadata()["labels"]))
        {
            existing["subsets"] = endpoints["subsets"]?.DeepClone();
            if (existing["subsets"] is null)
            {
                existing.Remove("subsets");
            }

            existing.Metadata()["labels"] = endpoints.Metadata()["labels"]!.DeepClone();
            api.Update(BuiltinResources.Endpoints, ns, name, existing, null, Write);
        }

        return null;
    }

    private static JsonObject Address(JsonObject pod) => new()
    {
        ["ip"] = pod.ObjectAt("status").Str("podIP"),
        ["nodeName"] = pod.ObjectAt("spec").Str("nodeName"),
        ["targetRef"] = new JsonObject
        {
            ["kind"] = "Pod",
            ["namespace"] = pod.Namespace(),
            ["name"] = pod.Name(),
            ["uid"] = pod.Uid(),
        },
    };

    /// <summary>The endpoint port: a numeric targetPort as is, a named one looked up in the pod's container ports.</summary>
    private static JsonObject Port(JsonObject servicePort, JsonObject pod)
    {
        var target = servicePort["targetPort"];
        var number = JsonFields.AsLong(target) ?? pod.ObjectAt("spec").Objects("containers")
            .SelectMany(c => c.Objects("ports"))
            .FirstOrDefault(p => p.Str("name") == target?.ToString())?.Long("containerPort")
            ?? servicePort.Long("port") ?? 0;
        var port = new JsonObject();
        if (servicePort.Str("name") is { Length: > 0 } name)
        {
            port["name"] = name;
        }

        port["port"] = number;
        port["protocol"] = servicePort.Str("protocol") ?? "TCP";
        return port;
    }
}
