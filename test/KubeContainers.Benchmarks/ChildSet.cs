using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.Benchmarks;

/// <summary>
/// The children one ManagedContainer got from the operator (its NetworkPolicy, Service, Deployment, Ingress), as
/// the operator wrote them, for the direct baselines: the same objects created by a plain client, with no operator.
/// </summary>
/// <param name="Container">The ManagedContainer they belonged to, "namespace/name".</param>
/// <param name="Objects">In the order the operator creates them.</param>
internal sealed record ChildSet(string Container, IReadOnlyList<JsonObject> Objects)
{
    /// <summary>The kinds the operator creates for a benchmark container, in its order (ManagedContainerReconciler.SyncChildrenAsync).</summary>
    private static readonly string[] Order = ["NetworkPolicy", "Service", "Deployment", "Ingress"];

    /// <summary>"namespace/name" of the Deployment.</summary>
    public string DeploymentKey => KeyOf("Deployment");

    /// <summary>"namespace/name" of the Service, whose Endpoints must list a ready address.</summary>
    public string ServiceKey => KeyOf("Service");

    /// <summary>
    /// Every ManagedContainer's children in namespaces starting with <paramref name="namespacePrefix"/>, taken from
    /// the store (not rebuilt: the benchmark creates exactly what the operator created) and cleaned of what the
    /// server and the controllers added: uid, resourceVersion, generation, timestamps, managedFields, the owner
    /// reference (the owner will be gone), status, the Deployment's revision annotation and the Service's allocated
    /// cluster IP. Whatever the server defaulted stays: sending a default is the same as leaving it out.
    /// </summary>
    public static IReadOnlyList<ChildSet> Capture(ObjectStore store, string namespacePrefix)
    {
        var byContainer = new SortedDictionary<string, List<JsonObject>>(StringComparer.Ordinal);
        foreach (var type in new[] { BuiltinResources.NetworkPolicies, BuiltinResources.Services, BuiltinResources.Deployments, BuiltinResources.Ingresses })
        {
            foreach (var item in store.List(type.StorageKey, null).Items)
            {
                if (item.Namespace?.StartsWith(namespacePrefix, StringComparison.Ordinal) == true && item.Controller is { Kind: "ManagedContainer" } owner)
                {
                    var key = StoredObject.KeyOf(item.Namespace, owner.Name);
                    if (!byContainer.TryGetValue(key, out var objects))
                    {
                        byContainer[key] = objects = [];
                    }

                    objects.Add(Clean(item.ToJsonObject()));
                }
            }
        }

        return [.. byContainer.Select(c => new ChildSet(c.Key, [.. c.Value.OrderBy(o => Array.IndexOf(Order, (string?)o["kind"]))]))];
    }

    /// <summary>Creates the set over HTTP, one object after the other, as one operator worker does.</summary>
    public async Task CreateAsync(Kubernetes client, string fieldManager, CancellationToken ct)
    {
        foreach (var obj in Objects)
        {
            var ns = (string)obj["metadata"]!["namespace"]!;
            var json = obj.ToJsonString();
            _ = (string?)obj["kind"] switch
            {
                "NetworkPolicy" => (object)await client.NetworkingV1.CreateNamespacedNetworkPolicyAsync(
                    KubernetesJson.Deserialize<V1NetworkPolicy>(json), ns, fieldManager: fieldManager, cancellationToken: ct),
                "Service" => await client.CoreV1.CreateNamespacedServiceAsync(
                    KubernetesJson.Deserialize<V1Service>(json), ns, fieldManager: fieldManager, cancellationToken: ct),
                "Deployment" => await client.AppsV1.CreateNamespacedDeploymentAsync(
                    KubernetesJson.Deserialize<V1Deployment>(json), ns, fieldManager: fieldManager, cancellationToken: ct),
                "Ingress" => await client.NetworkingV1.CreateNamespacedIngressAsync(
                    KubernetesJson.Deserialize<V1Ingress>(json), ns, fieldManager: fieldManager, cancellationToken: ct),
                var kind => throw new InvalidOperationException($"the operator created a {kind}, which the direct baseline does not know how to create"),
            };
        }
    }

    internal static JsonObject Clean(JsonObject obj)
    {
        var metadata = obj["metadata"]!.AsObject();
        var kept = new JsonObject { ["name"] = metadata["name"]?.DeepClone(), ["namespace"] = metadata["namespace"]?.DeepClone() };
        if (metadata["labels"] is JsonObject labels)
        {
            kept["labels"] = labels.DeepClone();
        }

        if (metadata["annotations"] is JsonObject annotations)
        {
            var copy = annotations.DeepClone().AsObject();
            copy.Remove("deployment.kubernetes.io/revision");
            if (copy.Count > 0)
            {
                kept["annotations"] = copy;
            }
        }

        obj["metadata"] = kept;
        obj.Remove("status");
        if ((string?)obj["kind"] == "Service" && obj["spec"] is JsonObject spec)
        {
            spec.Remove("clusterIP");
            spec.Remove("clusterIPs");
        }

        return obj;
    }

    private string KeyOf(string kind) =>
        Objects.FirstOrDefault(o => (string?)o["kind"] == kind) is { } obj
            ? StoredObject.KeyOf((string?)obj["metadata"]!["namespace"], (string)obj["metadata"]!["name"]!)
            : throw new InvalidOperationException($"{Container} has no {kind}");
}
