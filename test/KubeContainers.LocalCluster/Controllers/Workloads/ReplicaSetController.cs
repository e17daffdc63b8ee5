using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Controllers.Workloads;

/// <summary>
/// The ReplicaSet controller: keeps spec.replicas active pods it controls (name &lt;rs&gt;-&lt;5 random&gt;), deleting the
/// least useful ones first, records SuccessfulCreate/SuccessfulDelete, and FailedCreate plus the ReplicaFailure
/// condition when the apiserver refuses a pod (a missing RuntimeClass, a quota...). Status: replicas,
/// fullyLabeledReplicas, readyReplicas, availableReplicas (minReadySeconds honoured), observedGeneration.
/// Simplified: pods are created all at once (no slow-start batches) and orphans are not adopted.
/// </summary>
internal sealed class ReplicaSetController(EventRecorder events, TimeProvider clock) : ReconcileLoop(clock)
{
    private const string Component = "replicaset-controller";
    private static readonly WriteOptions Write = WriteOptions.System("kube-controller-manager");

    protected override IReadOnlyCollection<string> Watches { get; } = [BuiltinResources.ReplicaSets.StorageKey, BuiltinResources.Pods.StorageKey];

    protected override IEnumerable<string> InitialKeys(ResourceService api) =>
        api.List(BuiltinResources.ReplicaSets, null, new ListOptions()).Items.Select(o => o.Key);

    protected override IEnumerable<string> KeysFor(ResourceService api, WatchEvent change)
    {
        if (change.StorageKey == BuiltinResources.ReplicaSets.StorageKey)
        {
            return [change.Object.Key];
        }

        return change.StorageKey == BuiltinResources.Pods.StorageKey && change.Object.ControllerKey("ReplicaSet") is { } key
            ? [key]
            : [];
    }

    protected override TimeSpan? Reconcile(ResourceService api, string key)
    {
        var (ns, name) = SplitKey(key);
        if (api.TryGet(BuiltinResources.ReplicaSets, ns, name) is not { } rs)
        {
            return null;
        }

        var spec = rs.Child("spec");
        var pods = Owners.Controlled(api, BuiltinResources.Pods, rs);
        var active = pods.Where(Pods.IsActive).ToList();
        string? failure = null;
        if (!rs.IsDeleting())
        {
            var desired = Math.Max(0, spec.Int("replicas", 1));
            if (active.Count < desired)
            {
                failure = CreatePods(api, rs, desired - active.Count, active);
            }
            else if (active.Count > desired)
            {
                foreach (var pod in active.OrderBy(DeletionRank).Take(active.Count - desired).ToList())
                {
                    api.Delete(BuiltinResources.Pods, ns, pod.Name(), new DeleteOptions(PreconditionUid: pod.Uid()));
                    events.Record(api, rs, EventRecorder.Normal, "SuccessfulDelete", $"Deleted pod: {pod.Name()}", Component);
                    active.Remove(pod);
                }
            }
        }

        return WriteStatus(api, rs, active, failure);
    }

    /// <summary>Creates pods until one is refused; returns the refusal's message.</summary>
    private string? CreatePods(ResourceService api, JsonObject rs, int count, List<JsonObject> active)
    {
        var template = rs.ObjectAt("spec")?.ObjectAt("template") ?? new JsonObject();
        for (var i = 0; i < count; i++)
        {
            var pod = Pods.FromTemplate(rs, template, rs.Name() + "-");
            try
            {
                var created = api.Create(BuiltinResources.Pods, rs.Namespace(), pod, Write);
                active.Add(created);
                events.Record(api, rs, EventRecorder.Normal, "SuccessfulCreate", $"Created pod: {created.Name()}", Component);
            }
            catch (ApiException e) when (e.Code != 409)
            {
                events.Record(api, rs, EventRecorder.Warning, "FailedCreate", $"Error creating: {e.Message}", Component);
                return e.Message;
            }
        }

        return null;
    }

    private TimeSpan? WriteStatus(ResourceService api, JsonObject rs, List<JsonObject> active, string? failure)
    {
        var minReady = rs.ObjectAt("spec").Long("minReadySeconds") ?? 0;
        var templateLabels = rs.ObjectAt("spec")?.ObjectAt("template")?.ObjectAt("metadata").StringMap("labels") ?? [];
        TimeSpan? recheck = null;
        var available = 0;
        foreach (var pod in active)
        {
            if (Pods.IsAvailable(pod, minReady, Now, out var availableIn))
            {
                available++;
            }
            else if (availableIn is { } wait && (recheck is null || wait < recheck))
            {
                recheck = wait;
            }
        }

        var old = rs.ObjectAt("status");
        var status = new JsonObject
        {
            ["replicas"] = active.Count,
            ["fullyLabeledReplicas"] = active.Count(p => templateLabels.All(l => p.Labels().GetValueOrDefault(l.Key) == l.Value)),
            ["readyReplicas"] = active.Count(Pods.IsReady),
            ["availableReplicas"] = available,
            ["observedGeneration"] = rs.Generation(),
        };
        foreach (var zeroOmitted in new[] { "fullyLabeledReplicas", "readyReplicas", "availableReplicas" })
        {
            if (status.Long(zeroOmitted) == 0)
            {
                status.Remove(zeroOmitted);
            }
        }

        if (old?["conditions"] is JsonArray conditions)
        {
            status["conditions"] = conditions.DeepClone();
        }

        if (failure is not null)
        {
            Conditions.Set(status, "ReplicaFailure", "True", "FailedCreate", failure, Now);
        }
        else
        {
            Conditions.Remove(status, "ReplicaFailure");
        }

        if (status["conditions"] is JsonArray { Count: 0 })
        {
            status.Remove("conditions");
        }

        if (!JsonFields.SameContent(old, status))
        {
            rs["status"] = status;
            api.Update(BuiltinResources.ReplicaSets, rs.Namespace(), rs.Name(), rs, "status", Write);
        }

        // A refused pod is retried with a back-off, as the controller's rate-limited queue does.
        return failure is not null ? TimeSpan.FromSeconds(2) : recheck;
    }

    /// <summary>Delete first: unscheduled, then pending, then not ready, then the newest (controller.ActivePods ordering, simplified).</summary>
    private static (int, int, int, string) DeletionRank(JsonObject pod) =>
    (
        pod.ObjectAt("spec").Str("nodeName") is { Length: > 0 } ? 1 : 0,
        Pods.Phase(pod) == "Pending" ? 0 : 1,
        Pods.IsReady(pod) ? 1 : 0,
        Invert(pod.Metadata().Str("creationTimestamp") ?? "")
    );

    /// <summary>Sorts newer timestamps first in an ascending order.</summary>
    private static string Invert(string timestamp) => new(timestamp.Select(c => (char)('\uffff' - c)).ToArray());
}
