using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Controllers;

/// <summary>
/// Every node's kubelet: for each pod bound to an existing node it plays each container's <see cref="ContainerTimeline"/>
/// (chosen by image through <see cref="PodRule"/>) and writes the pod status a real kubelet would (phase, conditions,
/// containerStatuses, IPs, startTime) plus the kubelet's Events. Init containers complete at once. The only memory is
/// when each pod reached its node and its IP; the rest is recomputed each pass.
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
            return [];
        }

        if (change.Type == WatchEvent.Deleted)
        {
            _runs.Remove(change.Object.Uid);
            return [];
        }

        return change.Object.ToJsonObject().ObjectAt("spec").Str("nodeName") is { Length: > 0 } ? [change.Object.Key] : [];
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

            run = new PodRun(Now, AllocateIp(node));
            _runs[pod.Uid()] = run;
        }

        var elapsed = Now - run.Started;
        var containers = pod.ObjectAt("spec").Objects("containers").ToList();
        var views = new List<(JsonObject Container, ContainerTimeline Timeline, ContainerView View)>();
        foreach (var container in containers)
        {
            var timeline = new ContainerTimeline(options, pod, container, run.Started);
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

        var hostIp = node.ObjectAt("status").Objects("addresses").FirstOrDefault(a => a.Str("type") == "InternalIP")?.Str("address") ?? "172.18.0.2";
        status["hostIP"] = hostIp;
        status["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = hostIp });
        if (!terminal || old["podIP"] is not null)
        {
            status["podIP"] = run.PodIp;
            status["podIPs"] = new JsonArray(new JsonObject { ["ip"] = run.PodIp });
        }

        status["startTime"] = ObjectMeta.Timestamp(run.Started);
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
        var timeline = new ContainerTimeline(options, pod, container, run.Started);
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
                    ["startedAt"] = ObjectMeta.Timestamp(run.Started),
                    ["finishedAt"] = ObjectMeta.Timestamp(run.Started),
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

    /// <summary>What the kubelet remembers about one pod: when it arrived, its IP, and which stages' Events are written.</summary>
    private sealed class PodRun(DateTimeOffset started, string podIp)
    {
        public DateTimeOffset Started { get; } = started;

        public string PodIp { get; } = podIp;

        public Dictionary<string, string> Stages { get; } = new(StringComparer.Ordinal);

        public HashSet<string> FirstStartRecorded { get; } = new(StringComparer.Ordinal);
    }
}
