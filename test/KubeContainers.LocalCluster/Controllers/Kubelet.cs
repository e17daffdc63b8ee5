using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Controllers;

/// <summary>
/// Every node's kubelet: for each pod bound to an existing node it first creates the pod sandbox, which needs the pod's
/// RuntimeClass handler among the node's <c>status.runtimeHandlers</c> (until then the pod stays Pending and
/// <c>FailedCreatePodSandBox</c> is recorded on every retry, with back-off). Then it plays each container's
/// <see cref="ContainerTimeline"/> (chosen by image through <see cref="PodRule"/>) and writes the pod status a real
/// kubelet would (phase, conditions, containerStatuses, IPs, startTime) plus the kubelet's Events. Init containers
/// complete at once. The only memory is when each pod reached its node, when its sandbox was created and its IP; the
/// rest is recomputed each pass.
/// </summary>
internal sealed class Kubelet(EventRecorder events, LocalClusterOptions options) : ReconcileLoop(options.Clock)
{
    private const string Component = "kubelet";
    private static readonly WriteOptions Write = WriteOptions.System("kubelet");
    private readonly Dictionary<string, PodRun> _runs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _nextIp = new(StringComparer.Ordinal);

    protected override IEnumerable<string> InitialKeys(ResourceService api) =>
        api.List(BuiltinResources.Pods, null, new ListOptions()).Items.Select(p => p.Key);

    protected override IEnumerable<string> KeysFor(ResourceService api, WatchEvent change)
    {
        if (change.StorageKey != BuiltinResources.Pods.StorageKey)
        {
            return WaitingForSandbox(change);
        }

        if (change.Type == WatchEvent.Deleted)
        {
            _runs.Remove(change.Object.Uid);
            return [];
        }

        return change.Object.ToJsonObject().ObjectAt("spec").Str("nodeName") is { Length: > 0 } ? [change.Object.Key] : [];
    }

    /// <summary>
    /// Pods still without a sandbox whose outcome a node or RuntimeClass change may alter: the node gained a handler,
    /// the RuntimeClass appeared or names another handler.
    /// </summary>
    private IEnumerable<string> WaitingForSandbox(WatchEvent change)
    {
        if (change.StorageKey == BuiltinResources.Nodes.StorageKey)
        {
            var node = change.Object.Name;
            return _runs.Values.Where(r => r.SandboxCreated is null && r.NodeName == node).Select(r => r.Key).ToList();
        }

        if (change.StorageKey == BuiltinResources.RuntimeClasses.StorageKey)
        {
            var runtimeClass = change.Object.Name;
            return _runs.Values.Where(r => r.SandboxCreated is null && r.RuntimeClassName == runtimeClass).Select(r => r.Key).ToList();
        }

        return [];
    }

    protected override TimeSpan? Reconcile(ResourceService api, string key)
    {
        var (ns, name) = SplitKey(key);
        if (api.TryGet(BuiltinResources.Pods, ns, name) is not { } pod || pod.IsDeleting() ||
            pod.ObjectAt("spec").Str("nodeName") is not { Length: > 0 } nodeName ||
            api.TryGet(BuiltinResources.Nodes, null, nodeName) is not { } node)
        {
            return null;
        }

        if (!_runs.TryGetValue(pod.Uid(), out var run))
        {
            if (!Pods.IsActive(pod))
            {
                return null;
            }

            run = new PodRun(key, nodeName, pod.ObjectAt("spec").Str("runtimeClassName"), Now);
            _runs[pod.Uid()] = run;
        }

        if (run.SandboxCreated is not { } sandboxCreated)
        {
            if (SandboxError(api, pod, node) is { } error)
            {
                return FailSandbox(api, pod, node, run, error);
            }

            sandboxCreated = Now;
            run.SandboxCreated = sandboxCreated;
            run.PodIp = AllocateIp(node);
        }

        var elapsed = Now - sandboxCreated;
        var containers = pod.ObjectAt("spec").Objects("containers").ToList();
        var views = new List<(JsonObject Container, ContainerTimeline Timeline, ContainerView View)>();
        foreach (var container in containers)
        {
            var timeline = new ContainerTimeline(options, pod, container, sandboxCreated);
            views.Add((container, timeline, timeline.At(elapsed)));
        }

        WriteEvents(api, pod, nodeName, run, views);
        var status = BuildStatus(pod, node, run, views);
        if (!JsonFields.SameContent(pod["status"], status))
        {
            pod["status"] = status;
            api.Update(BuiltinResources.Pods, ns, name, pod, "status", Write);
        }

        return views.Select(v => v.View.NextChange).Where(n => n is not null).DefaultIfEmpty(null).Min() is { } next
            ? next + TimeSpan.FromMilliseconds(1)
            : null;
    }

    /// <summary>
    /// Why the node's runtime cannot create this pod's sandbox, worded as the kubelet reports it, or null when it can:
    /// the RuntimeClass is gone (the kubelet's lister error), or its handler is not among the node's
    /// <c>status.runtimeHandlers</c> (containerd's error through CRI). A node that reports no handlers runs only the default one.
    /// </summary>
    private static string? SandboxError(ResourceService api, JsonObject pod, JsonObject node)
    {
        var handler = "";
        if (pod.ObjectAt("spec").Str("runtimeClassName") is { Length: > 0 } runtimeClassName)
        {
            if (api.TryGet(BuiltinResources.RuntimeClasses, null, runtimeClassName) is not { } runtimeClass)
            {
                return $"runtimeclass.node.k8s.io \"{runtimeClassName}\" not found";
            }

            handler = runtimeClass.Str("handler") ?? "";
        }

        var handlers = node.ObjectAt("status")?["runtimeHandlers"] is JsonArray reported
            ? reported.OfType<JsonObject>().Select(h => h.Str("name") ?? "")
            : [""];
        return handlers.Contains(handler, StringComparer.Ordinal)
            ? null
            : $"rpc error: code = Unknown desc = failed to get sandbox runtime: no runtime for \"{handler}\" is configured";
    }

    /// <summary>
    /// A sandbox that cannot be created: the pod stays Pending with its containers waiting, and each retry (the first at
    /// once, then after <see cref="LocalClusterOptions.RestartBackOff"/> doubling up to 32×) records FailedCreatePodSandBox.
    /// </summary>
    private TimeSpan FailSandbox(ResourceService api, JsonObject pod, JsonObject node, PodRun run, string error)
    {
        var attempts = 1;
        var nextAttempt = run.Arrived + ContainerTimeline.RetryBackOff(options, 0);
        while (Now >= nextAttempt)
        {
            nextAttempt += ContainerTimeline.RetryBackOff(options, attempts);
            attempts++;
        }

        if (attempts > run.SandboxAttempts)
        {
            run.SandboxAttempts = attempts;
            events.Record(api, pod, EventRecorder.Warning, "FailedCreatePodSandBox", $"Failed to create pod sandbox: {error}", Component, run.NodeName);
        }

        var status = SandboxPendingStatus(pod, node, run);
        if (!JsonFields.SameContent(pod["status"], status))
        {
            pod["status"] = status;
            api.Update(BuiltinResources.Pods, pod.Namespace(), pod.Name(), pod, "status", Write);
        }

        return nextAttempt - Now + TimeSpan.FromMilliseconds(1);
    }

    /// <summary>
    /// The status of a pod without a sandbox: Pending, no pod IP, every container waiting (ContainerCreating, or
    /// PodInitializing for all when there are init containers), not ready, not initialized while init containers wait.
    /// </summary>
    private JsonObject SandboxPendingStatus(JsonObject pod, JsonObject node, PodRun run)
    {
        var old = pod.ObjectAt("status") ?? new JsonObject();
        var status = new JsonObject { ["phase"] = "Pending" };
        if (old["conditions"] is JsonArray conditions)
        {
            status["conditions"] = conditions.DeepClone();
        }

        var spec = pod.ObjectAt("spec");
        var initContainers = spec.Objects("initContainers").ToList();
        var containers = spec.Objects("containers").ToList();
        var now = Now;
        Conditions.Set(status, "PodReadyToStartContainers", "False", null, null, now, withProbeTime: true);
        if (initContainers.Count > 0)
        {
            Conditions.Set(status, "Initialized", "False", "ContainersNotInitialized",
                $"containers with incomplete status: [{string.Join(' ', initContainers.Select(c => c.Str("name")))}]", now, withProbeTime: true);
        }
        else
        {
            Conditions.Set(status, "Initialized", "True", null, null, now, withProbeTime: true);
        }

        var unready = $"containers with unready status: [{string.Join(' ', containers.Select(c => c.Str("name")))}]";
        Conditions.Set(status, "Ready", "False", "ContainersNotReady", unready, now, withProbeTime: true);
        Conditions.Set(status, "ContainersReady", "False", "ContainersNotReady", unready, now, withProbeTime: true);
        if (!Conditions.IsTrue(status, "PodScheduled"))
        {
            Conditions.Set(status, "PodScheduled", "True", null, null, now, withProbeTime: true);
        }

        var hostIp = HostIp(node);
        status["hostIP"] = hostIp;
        status["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = hostIp });
        status["startTime"] = ObjectMeta.Timestamp(run.Arrived);
        var reason = initContainers.Count > 0 ? "PodInitializing" : "ContainerCreating";
        if (initContainers.Count > 0)
        {
            status["initContainerStatuses"] = initContainers.Select(c => (JsonNode?)WaitingStatus(pod, c, reason, run)).ToJsonArray();
        }

        status["containerStatuses"] = containers.OrderBy(c => c.Str("name"), StringComparer.Ordinal)
            .Select(c => (JsonNode?)WaitingStatus(pod, c, reason, run)).ToJsonArray();
        if (old["qosClass"] is { } qos)
        {
            status["qosClass"] = qos.DeepClone();
        }

        return status;
    }

    private JsonObject WaitingStatus(JsonObject pod, JsonObject container, string reason, PodRun run) => new()
    {
        ["name"] = container.Str("name"),
        ["image"] = new ContainerTimeline(options, pod, container, run.Arrived).QualifiedImage,
        ["imageID"] = "",
        ["ready"] = false,
        ["started"] = false,
        ["restartCount"] = 0,
        ["state"] = new JsonObject { ["waiting"] = new JsonObject { ["reason"] = reason } },
        ["lastState"] = new JsonObject(),
    };

    private static string HostIp(JsonObject node) =>
        node.ObjectAt("status").Objects("addresses").FirstOrDefault(a => a.Str("type") == "InternalIP")?.Str("address") ?? "172.18.0.2";

    private void WriteEvents(ResourceService api, JsonObject pod, string nodeName, PodRun run, List<(JsonObject Container, ContainerTimeline Timeline, ContainerView View)> views)
    {
        foreach (var (container, timeline, view) in views)
        {
            var containerName = container.Str("name") ?? "";
            var fieldPath = $"spec.containers{{{containerName}}}";
            if (view.Pulled && run.FirstStartRecorded.Add(containerName))
            {
                foreach (var (type, reason, message) in timeline.FirstStartEvents())
                {
                    events.Record(api, pod, type, reason, message, Component, nodeName, fieldPath);
                }
            }

            if (run.Stages.GetValueOrDefault(containerName) == view.Stage)
            {
                continue;
            }

            run.Stages[containerName] = view.Stage;
            foreach (var (type, reason, message) in view.Events)
            {
                events.Record(api, pod, type, reason, message, Component, nodeName, fieldPath);
            }
        }
    }

    private JsonObject BuildStatus(JsonObject pod, JsonObject node, PodRun run, List<(JsonObject Container, ContainerTimeline Timeline, ContainerView View)> views)
    {
        var old = pod.ObjectAt("status") ?? new JsonObject();
        var phase = Phase(views.Select(v => v.View).ToList());
        var terminal = phase is "Succeeded" or "Failed";
        var status = new JsonObject { ["phase"] = phase };
        if (old["conditions"] is JsonArray conditions)
        {
            status["conditions"] = conditions.DeepClone();
        }

        var now = Now;
        Conditions.Set(status, "PodReadyToStartContainers", terminal ? "False" : "True", null, null, now, withProbeTime: true);
        Conditions.Set(status, "Initialized", "True", null, null, now, withProbeTime: true);
        var unready = views.Where(v => !v.View.Ready).Select(v => v.Container.Str("name")).ToList();
        foreach (var type in new[] { "Ready", "ContainersReady" })
        {
            if (terminal)
            {
                Conditions.Set(status, type, "False", "PodCompleted", null, now, withProbeTime: true);
            }
            else if (unready.Count > 0)
            {
                Conditions.Set(status, type, "False", "ContainersNotReady", $"containers with unready status: [{string.Join(' ', unready)}]", now, withProbeTime: true);
            }
            else
            {
                Conditions.Set(status, type, "True", null, null, now, withProbeTime: true);
            }
        }

        if (!Conditions.IsTrue(status, "PodScheduled"))
        {
            Conditions.Set(status, "PodScheduled", "True", null, null, now, withProbeTime: true);
        }

        var hostIp = HostIp(node);
        status["hostIP"] = hostIp;
        status["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = hostIp });
        if (run.PodIp is { } podIp && (!terminal || old["podIP"] is not null))
        {
            status["podIP"] = podIp;
            status["podIPs"] = new JsonArray(new JsonObject { ["ip"] = podIp });
        }

        status["startTime"] = ObjectMeta.Timestamp(run.Arrived);
        if (pod.ObjectAt("spec").Objects("initContainers").Any())
        {
            status["initContainerStatuses"] = pod.ObjectAt("spec").Objects("initContainers")
                .Select(c => (JsonNode?)InitContainerStatus(pod, c, run)).ToJsonArray();
        }

        status["containerStatuses"] = views.OrderBy(v => v.Container.Str("name"), StringComparer.Ordinal)
            .Select(v => (JsonNode?)ContainerStatus(v.Container, v.Timeline, v.View)).ToJsonArray();
        if (old["qosClass"] is { } qos)
        {
            status["qosClass"] = qos.DeepClone();
        }

        return status;
    }

    /// <summary>Pending until every container has run once; Succeeded/Failed once all finished for good; Running otherwise.</summary>
    private static string Phase(List<ContainerView> views)
    {
        if (views.Count > 0 && views.All(v => v.Finished))
        {
            return views.All(v => v.ExitCode == 0) ? "Succeeded" : "Failed";
        }

        return views.Any(v => !v.Pulled) ? "Pending" : "Running";
    }

    private static JsonObject ContainerStatus(JsonObject container, ContainerTimeline timeline, ContainerView view)
    {
        var status = new JsonObject
        {
            ["name"] = container.Str("name"),
            ["image"] = timeline.QualifiedImage,
            ["imageID"] = view.Pulled ? timeline.ImageId : "",
        };
        if (view.Pulled)
        {
            status["containerID"] = timeline.ContainerId(view.RestartCount);
        }

        status["ready"] = view.Ready;
        status["started"] = view.Started;
        status["restartCount"] = view.RestartCount;
        status["state"] = view.State.DeepClone();
        status["lastState"] = view.LastState.DeepClone();
        return status;
    }

    private JsonObject InitContainerStatus(JsonObject pod, JsonObject container, PodRun run)
    {
        var started = run.SandboxCreated ?? run.Arrived;
        var timeline = new ContainerTimeline(options, pod, container, started);
        return new JsonObject
        {
            ["name"] = container.Str("name"),
            ["image"] = timeline.QualifiedImage,
            ["imageID"] = timeline.ImageId,
            ["containerID"] = timeline.ContainerId(0),
            ["ready"] = true,
            ["started"] = false,
            ["restartCount"] = 0,
            ["state"] = new JsonObject
            {
                ["terminated"] = new JsonObject
                {
                    ["exitCode"] = 0,
                    ["reason"] = "Completed",
                    ["startedAt"] = ObjectMeta.Timestamp(started),
                    ["finishedAt"] = ObjectMeta.Timestamp(started),
                    ["containerID"] = timeline.ContainerId(0),
                },
            },
            ["lastState"] = new JsonObject(),
        };
    }

    /// <summary>The next address in the node's pod CIDR (10.244.N.0/24), wrapping after .254.</summary>
    private string AllocateIp(JsonObject node)
    {
        var cidr = node.ObjectAt("spec").Str("podCIDR") ?? "10.244.0.0/24";
        var prefix = cidr.Split('/')[0];
        prefix = prefix[..prefix.LastIndexOf('.')];
        var next = _nextIp.GetValueOrDefault(node.Name(), 2);
        _nextIp[node.Name()] = next >= 254 ? 2 : next + 1;
        return $"{prefix}.{next}";
    }

    /// <summary>
    /// What the kubelet remembers about one pod: its work key, node and RuntimeClass, when it arrived (startTime), when
    /// its sandbox was created (null while it cannot be) and its IP, how many sandbox attempts have their Event, and
    /// which stages' Events are written.
    /// </summary>
    private sealed class PodRun(string key, string nodeName, string? runtimeClassName, DateTimeOffset arrived)
    {
        public string Key { get; } = key;

        public string NodeName { get; } = nodeName;

        public string? RuntimeClassName { get; } = runtimeClassName;

        public DateTimeOffset Arrived { get; } = arrived;

        public DateTimeOffset? SandboxCreated { get; set; }

        public string? PodIp { get; set; }

        public int SandboxAttempts { get; set; }

        public Dictionary<string, string> Stages { get; } = new(StringComparer.Ordinal);

        public HashSet<string> FirstStartRecorded { get; } = new(StringComparer.Ordinal);
    }
}
