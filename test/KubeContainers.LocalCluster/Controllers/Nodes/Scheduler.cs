using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Controllers.Nodes;

/// <summary>
/// The default scheduler: binds each pending pod to a node that is schedulable, tolerates-wise allowed, matches the
/// pod's nodeSelector and required node affinity, and has room for its requests (cpu, memory, extended resources such
/// as nvidia.com/gpu, pod count) after the pods already bound there; among those it picks the least allocated.
/// Otherwise the pod gets PodScheduled=False/Unschedulable with kube-scheduler's message and a FailedScheduling Event,
/// and is tried again whenever a node changes or a pod frees its resources.
/// </summary>
internal sealed class Scheduler(EventRecorder events, TimeProvider clock) : ReconcileLoop(clock)
{
    private const string Component = "default-scheduler";
    private const string AffinityMismatch = "node(s) didn't match Pod's node affinity/selector";
    private const string VolumeNodeAffinityConflict = "node(s) had volume node affinity conflict";
    private static readonly WriteOptions Write = WriteOptions.System("kube-scheduler");
    private readonly PodSummaries _pods = new(Requests);
    private readonly ParsedObjects _nodes = new(BuiltinResources.Nodes);

    protected override IReadOnlyCollection<string> Watches { get; } = [BuiltinResources.Nodes.StorageKey, BuiltinResources.Pods.StorageKey];

    protected override IEnumerable<string> InitialKeys(ResourceService api)
    {
        _pods.Load(api);
        return Unscheduled();
    }

    protected override IEnumerable<string> KeysFor(ResourceService api, WatchEvent change)
    {
        if (change.StorageKey == BuiltinResources.Nodes.StorageKey)
        {
            return Unscheduled();
        }

        if (change.StorageKey != BuiltinResources.Pods.StorageKey)
        {
            return [];
        }

        var pod = change.Object.ToJsonObject();
        if (change.Type == WatchEvent.Deleted)
        {
            _pods.Forget(change.Object.Key);
        }
        else
        {
            _pods.Observe(change.Object.Key, change.Object.Revision, pod);
        }

        var freed = change.Type == WatchEvent.Deleted || (pod.ObjectAt("spec").Str("nodeName") is { Length: > 0 } && !Pods.IsActive(pod));
        if (freed)
        {
            return Unscheduled();
        }

        return pod.ObjectAt("spec").Str("nodeName") is { Length: > 0 } && Conditions.IsTrue(pod.ObjectAt("status"), "PodScheduled")
            ? []
            : [change.Object.Key];
    }

    protected override TimeSpan? Reconcile(ResourceService api, string key)
    {
        var (ns, name) = SplitKey(key);
        if (api.TryGet(BuiltinResources.Pods, ns, name) is not { } pod || !Pods.IsActive(pod) ||
            pod.ObjectAt("spec").Str("schedulerName") is { } scheduler && scheduler != "default-scheduler")
        {
            return null;
        }

        if (pod.ObjectAt("spec").Str("nodeName") is { Length: > 0 })
        {
            MarkScheduled(api, pod);
            return null;
        }

        var nodes = _nodes.All(api);
        var requests = Requests(pod);
        var failures = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var feasible = new List<(JsonObject Node, double Score)>();
        foreach (var node in nodes)
        {
            var onNode = _pods.OnNode(node.Name());
            var reasons = Filter(pod, node, requests, onNode);
            if (reasons.Count == 0 && VolumeNodeConflict(api, pod, node))
            {
                reasons = [VolumeNodeAffinityConflict];
            }

            if (reasons.Count > 0)
            {
                failures[node.Name()] = reasons;
            }
            else
            {
                feasible.Add((node, Score(node, requests, onNode)));
            }
        }

        if (feasible.Count == 0)
        {
            MarkUnschedulable(api, pod, Message(nodes.Count, failures));
            return null;
        }

        var chosen = feasible.OrderByDescending(f => f.Score).ThenBy(f => f.Node.Name(), StringComparer.Ordinal).First().Node;
        pod.Child("spec")["nodeName"] = chosen.Name();
        var updated = api.Update(BuiltinResources.Pods, ns, name, pod, null, Write);
        _pods.Observe(updated);
        events.Record(api, updated, EventRecorder.Normal, "Scheduled", $"Successfully assigned {ns}/{name} to {chosen.Name()}", Component);
        MarkScheduled(api, updated);
        return null;
    }

    private List<string> Unscheduled() =>
        [.. _pods.All.Where(p => p.Active && p.NodeName is not { Length: > 0 }).Select(p => p.Key)];

    /// <summary>The filter plugins in kube-scheduler's order; a node reports the first plugin that rejects it (all of NodeResourcesFit's reasons).</summary>
    private static List<string> Filter(JsonObject pod, JsonObject node, Dictionary<string, decimal> requests, NodeUsage onNode)
    {
        if (node.ObjectAt("spec").Bool("unschedulable") == true)
        {
            return ["node(s) were unschedulable"];
        }

        var tolerations = pod.ObjectAt("spec").Objects("tolerations").ToList();
        var untolerated = node.ObjectAt("spec").Objects("taints")
            .FirstOrDefault(t => t.Str("effect") is "NoSchedule" or "NoExecute" && !tolerations.Any(tol => Tolerates(tol, t)));
        if (untolerated is not null)
        {
            return [$"node(s) had untolerated taint {{{untolerated.Str("key")}: {untolerated.Str("value")}}}"];
        }

        if (!MatchesNode(pod, node))
        {
            return [AffinityMismatch];
        }

        var reasons = new List<string>();
        var allocatable = node.ObjectAt("status")?.ObjectAt("allocatable");
        if (onNode.Pods + 1 > (Quantity.Of(allocatable?["pods"]) ?? 110))
        {
            reasons.Add("Too many pods");
        }

        foreach (var (resource, amount) in requests.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            if (amount <= 0)
            {
                continue;
            }

            var used = onNode.Requests.GetValueOrDefault(resource);
            if (used + amount > (Quantity.Of(allocatable?[resource]) ?? 0))
            {
                reasons.Add($"Insufficient {resource}");
            }
        }

        return reasons;
    }

    /// <summary>
    /// VolumeBinding's filter for bound claims: a volume with node affinity (a local-path volume lives on one node)
    /// rules out every other node. Unbound claims do not filter (WaitForFirstConsumer binds after scheduling).
    /// </summary>
    private static bool VolumeNodeConflict(ResourceService api, JsonObject pod, JsonObject node)
    {
        foreach (var volume in pod.ObjectAt("spec").Objects("volumes"))
        {
            if (volume.ObjectAt("persistentVolumeClaim").Str("claimName") is not { Length: > 0 } claimName ||
                api.TryGet(BuiltinResources.PersistentVolumeClaims, pod.Namespace(), claimName)?.ObjectAt("spec").Str("volumeName") is not { Length: > 0 } volumeName ||
                api.TryGet(BuiltinResources.PersistentVolumes, null, volumeName)?.ObjectAt("spec").ObjectAt("nodeAffinity").ObjectAt("required")?["nodeSelectorTerms"] is not JsonArray terms)
            {
                continue;
            }

            if (!LabelSelectors.MatchesNodeSelectorTerms(terms, node.Name(), node.Labels()))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Tolerates(JsonObject toleration, JsonObject taint)
    {
        if (toleration.Str("effect") is { Length: > 0 } effect && effect != taint.Str("effect"))
        {
            return false;
        }

        var key = toleration.Str("key") ?? "";
        if (toleration.Str("operator") == "Exists")
        {
            return key.Length == 0 || key == taint.Str("key");
        }

        return key == taint.Str("key") && (toleration.Str("value") ?? "") == (taint.Str("value") ?? "");
    }

    private static bool MatchesNode(JsonObject pod, JsonObject node)
    {
        var labels = node.Labels();
        var spec = pod.ObjectAt("spec");
        if (spec.StringMap("nodeSelector").Any(kv => labels.GetValueOrDefault(kv.Key) != kv.Value))
        {
            return false;
        }

        var required = spec?.ObjectAt("affinity")?.ObjectAt("nodeAffinity")?.ObjectAt("requiredDuringSchedulingIgnoredDuringExecution");
        return required?["nodeSelectorTerms"] is not JsonArray terms || LabelSelectors.MatchesNodeSelectorTerms(terms, node.Name(), labels);
    }

    /// <summary>Effective requests: the containers' sum or the largest init container, whichever is more, plus the pod overhead.</summary>
    private static Dictionary<string, decimal> Requests(JsonObject pod)
    {
        var spec = pod.ObjectAt("spec");
        var total = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var container in spec.Objects("containers"))
        {
            foreach (var (resource, amount) in ContainerRequests(container))
            {
                total[resource] = total.GetValueOrDefault(resource) + amount;
            }
        }

        foreach (var container in spec.Objects("initContainers"))
        {
            foreach (var (resource, amount) in ContainerRequests(container))
            {
                total[resource] = Math.Max(total.GetValueOrDefault(resource), amount);
            }
        }

        if (spec?.ObjectAt("overhead") is { } overhead)
        {
            foreach (var (resource, value) in overhead)
            {
                total[resource] = total.GetValueOrDefault(resource) + (Quantity.Of(value) ?? 0);
            }
        }

        return total;
    }

    private static IEnumerable<(string Resource, decimal Amount)> ContainerRequests(JsonObject container)
    {
        var resources = container.ObjectAt("resources");
        var requests = resources?.ObjectAt("requests") ?? new JsonObject();
        var limits = resources?.ObjectAt("limits") ?? new JsonObject();
        foreach (var resource in requests.Select(kv => kv.Key).Union(limits.Select(kv => kv.Key)))
        {
            // A limit without a request requests the limit (templates are not defaulted that way, pods are).
            yield return (resource, Quantity.Of(requests[resource]) ?? Quantity.Of(limits[resource]) ?? 0);
        }
    }

    /// <summary>NodeResourcesFit LeastAllocated: the mean free share of cpu and memory once the pod is placed.</summary>
    private static double Score(JsonObject node, Dictionary<string, decimal> requests, NodeUsage onNode)
    {
        var allocatable = node.ObjectAt("status")?.ObjectAt("allocatable");
        var score = 0.0;
        foreach (var resource in new[] { "cpu", "memory" })
        {
            var capacity = Quantity.Of(allocatable?[resource]) ?? 0;
            if (capacity <= 0)
            {
                continue;
            }

            var used = onNode.Requests.GetValueOrDefault(resource) + requests.GetValueOrDefault(resource);
            score += (double)((capacity - used) / capacity);
        }

        return score;
    }

    /// <summary>FitError.Error(): reason counts sorted as text, then the preemption post-filter's verdict.</summary>
    private static string Message(int nodeCount, Dictionary<string, List<string>> failures)
    {
        if (nodeCount == 0)
        {
            return "0/0 nodes are available: no nodes available to schedule pods.";
        }

        var reasons = failures.Values.SelectMany(r => r).GroupBy(r => r, StringComparer.Ordinal)
            .Select(g => $"{g.Count()} {g.Key}").Order(StringComparer.Ordinal);
        var resourceOnly = failures.Values.Count(r => r.All(reason => reason.StartsWith("Insufficient ", StringComparison.Ordinal) || reason == "Too many pods"));
        var preemption = new List<string>();
        if (resourceOnly > 0)
        {
            preemption.Add($"{resourceOnly} No preemption victims found for incoming pod");
        }

        if (failures.Count - resourceOnly > 0)
        {
            preemption.Add($"{failures.Count - resourceOnly} Preemption is not helpful for scheduling");
        }

        return $"0/{nodeCount} nodes are available: {string.Join(", ", reasons)}. preemption: 0/{nodeCount} nodes are available: {string.Join(", ", preemption)}.";
    }

    private static void MarkScheduled(ResourceService api, JsonObject pod)
    {
        if (Conditions.IsTrue(pod.ObjectAt("status"), "PodScheduled"))
        {
            return;
        }

        var status = pod.Child("status");
        Conditions.Set(status, "PodScheduled", "True", null, null, api.Now, withProbeTime: true);
        api.Update(BuiltinResources.Pods, pod.Namespace(), pod.Name(), pod, "status", Write);
    }

    private void MarkUnschedulable(ResourceService api, JsonObject pod, string message)
    {
        var status = pod.Child("status");
        var current = Conditions.Find(status, "PodScheduled");
        if (current?.Str("status") == "False" && current.Str("message") == message)
        {
            return;
        }

        status["phase"] = "Pending";
        Conditions.Set(status, "PodScheduled", "False", "Unschedulable", message, Now, withProbeTime: true);
        api.Update(BuiltinResources.Pods, pod.Namespace(), pod.Name(), pod, "status", Write);
        events.Record(api, pod, EventRecorder.Warning, "FailedScheduling", message, Component);
    }
}
