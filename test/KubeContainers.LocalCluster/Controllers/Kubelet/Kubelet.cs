using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers.Kubelet.Images;
using KubeContainers.LocalCluster.Controllers.Nodes;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Controllers.Kubelet;

/// <summary>
/// Every node's kubelet: for each pod bound to an existing node it first creates the pod sandbox, which needs the pod's
/// RuntimeClass handler among the node's <c>status.runtimeHandlers</c> (until then the pod stays Pending and
/// <c>FailedCreatePodSandBox</c> is recorded on every retry, with back-off). Then it plays each container's
/// <see cref="ContainerTimeline"/> (chosen by image through <see cref="PodRule"/>) and writes the pod status a real
/// kubelet would (phase, conditions, containerStatuses, IPs, startTime) plus the kubelet's Events. A container whose
/// environment names a missing Secret or ConfigMap (or key) is not created: it waits in CreateContainerConfigError,
/// retried with back-off and whenever a Secret or ConfigMap of its namespace changes, and its timeline starts once
/// the references resolve. Init containers complete at once (in order, each once its own references resolve). The
/// only memory is when each pod reached its node, when its sandbox and each container were created and its IP; the
/// rest is recomputed each pass.
/// </summary>
internal sealed partial class Kubelet(EventRecorder events, LocalClusterOptions options) : ReconcileLoop(options.Clock)
{
    private const string Component = "kubelet";
    private static readonly WriteOptions Write = WriteOptions.System("kubelet");
    private readonly Dictionary<string, PodRun> _runs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _nextIp = new(StringComparer.Ordinal);
    private readonly ParsedObjects _nodes = new(BuiltinResources.Nodes);

    protected override IReadOnlyCollection<string> Watches { get; } =
    [
        BuiltinResources.Pods.StorageKey, BuiltinResources.Nodes.StorageKey, BuiltinResources.RuntimeClasses.StorageKey,
        BuiltinResources.Secrets.StorageKey, BuiltinResources.ConfigMaps.StorageKey,
    ];

    protected override IEnumerable<string> InitialKeys(ResourceService api) =>
        api.List(BuiltinResources.Pods, null, new ListOptions()).Items.Select(p => p.Key);

    protected override IEnumerable<string> KeysFor(ResourceService api, WatchEvent change)
    {
        if (change.StorageKey == BuiltinResources.Secrets.StorageKey || change.StorageKey == BuiltinResources.ConfigMaps.StorageKey)
        {
            return WaitingForConfig(change);
        }

        if (change.StorageKey != BuiltinResources.Pods.StorageKey)
        {
            return WaitingForSandbox(change);
        }

        if (change.Type == WatchEvent.Deleted)
        {
            _runs.Remove(change.Object.Uid);
            return [];
        }

        // A pod the kubelet already runs is bound for good (spec.nodeName never changes): no need to read it again.
        return _runs.ContainsKey(change.Object.Uid) || change.Object.ToJsonObject().ObjectAt("spec").Str("nodeName") is { Length: > 0 }
            ? [change.Object.Key]
            : [];
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

    /// <summary>
    /// Pods of the changed Secret's or ConfigMap's namespace with a container still waiting on its references: the
    /// change may be the one they wait for (level-based: the next pass looks them all up again).
    /// </summary>
    private IEnumerable<string> WaitingForConfig(WatchEvent change)
    {
        var prefix = change.Object.Namespace + "/";
        return _runs.Values.Where(r => r.WaitingForConfig && r.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(r => r.Key).ToList();
    }

    protected override TimeSpan? Reconcile(ResourceService api, string key)
    {
        var (ns, name) = SplitKey(key);
        if (api.TryGet(BuiltinResources.Pods, ns, name) is not { } pod || pod.IsDeleting() ||
            pod.ObjectAt("spec").Str("nodeName") is not { Length: > 0 } nodeName ||
            _nodes.Get(api, null, nodeName) is not { } node)
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

        var now = Now;
        if (run.SandboxCreated is not { } sandboxCreated)
        {
            if (!run.VolumesSetUp)
            {
                if (VolumeSetUpErrors(api, pod) is { Count: > 0 } mountFailures)
                {
                    return FailMount(api, pod, node, run, mountFailures);
                }

                run.VolumesSetUp = true;
            }

            if (SandboxError(api, pod, node) is { } error)
            {
                return FailSandbox(api, pod, node, run, error);
            }

            sandboxCreated = now;
            run.SandboxCreated = sandboxCreated;
            run.PodIp = AllocateIp(node);
        }

        // Every pass while some container waits on its references is a retry: one attempt to start containers per
        // back-off step from the sandbox's creation (the first is the sandbox's own pass).
        var (attempt, nextAttempt) = Attempts(sandboxCreated, now);
        var initError = run.InitDone is null ? StartInitContainers(api, pod, run, now) : null;
        var views = new List<(JsonObject Container, ContainerTimeline Timeline, ContainerView View)>();
        if (initError is null)
        {
            foreach (var container in pod.ObjectAt("spec").Objects("containers"))
            {
                var containerName = container.Str("name") ?? "";
                if (!run.Created.TryGetValue(containerName, out var origin))
                {
                    if (ContainerConfigError(api, pod, container) is { } error)
                    {
                        var waiting = new ContainerTimeline(options, pod, container, now);
                        views.Add((container, waiting, waiting.ConfigError(error, attempt, nextAttempt - now)));
                        continue;
                    }

                    origin = now;
                    run.Created[containerName] = origin;
                }

                var timeline = new ContainerTimeline(options, pod, container, origin, run.PodIp);
                views.Add((container, timeline, timeline.At(now - origin)));
            }
        }

        run.WaitingForConfig = initError is not null || views.Any(v => v.View.Stage.StartsWith(ContainerTimeline.ConfigErrorStage, StringComparison.Ordinal));
        if ((run.WaitingForConfig || now == sandboxCreated) && attempt > run.StartAttempts)
        {
            run.StartAttempts = attempt;
            RecordMissingPullSecrets(api, pod, run);
        }

        if (initError is { } waitingInit)
        {
            return FailInitContainer(api, pod, node, run, waitingInit, attempt, nextAttempt - now);
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
    /// <c>status.runtimeHandlers</c> nor among those it runs without reporting them (<see cref="NodeSpec.UnreportedRuntimeHandlersAnnotation"/>)
    /// (containerd's error through CRI). A node that reports no handlers runs only the default one, and those it does not report.
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
        var unreported = (node.Metadata().StringMap("annotations").GetValueOrDefault(NodeSpec.UnreportedRuntimeHandlersAnnotation) ?? "")
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return handlers.Concat(unreported).Contains(handler, StringComparer.Ordinal)
            ? null
            : $"rpc error: code = Unknown desc = failed to get sandbox runtime: no runtime for \"{handler}\" is configured";
    }

    /// <summary>
    /// A sandbox that cannot be created: the pod stays Pending with its containers waiting, and each retry (the first at
    /// once, then after <see cref="LocalClusterOptions.RestartBackOff"/> doubling up to 32×) records FailedCreatePodSandBox.
    /// </summary>
    private TimeSpan FailSandbox(ResourceService api, JsonObject pod, JsonObject node, PodRun run, string error)
    {
        var (attempts, nextAttempt) = Attempts(run.Arrived, Now);
        if (attempts > run.SandboxAttempts)
        {
            run.SandboxAttempts = attempts;
            RecordMissingPullSecrets(api, pod, run);
            events.Record(api, pod, EventRecorder.Warning, "FailedCreatePodSandBox", $"Failed to create pod sandbox: {error}", Component, run.NodeName);
        }

        WriteWaitingStatus(api, pod, node, run, null);

        return nextAttempt - Now + TimeSpan.FromMilliseconds(1);
    }

    /// <summary>
    /// Creates (completes, as init containers finish at once here) the init containers in order, each once its own
    /// Secret and ConfigMap references resolve. Returns the first one that cannot be created and why, or null when
    /// all are done (then <see cref="PodRun.InitDone"/> is set and the app containers may start).
    /// </summary>
    private InitWait? StartInitContainers(ResourceService api, JsonObject pod, PodRun run, DateTimeOffset now)
    {
        var initContainers = pod.ObjectAt("spec").Objects("initContainers").ToList();
        for (var i = 0; i < initContainers.Count; i++)
        {
            var initName = initContainers[i].Str("name") ?? "";
            if (run.InitCreated.ContainsKey(initName))
            {
                continue;
            }

            if (ContainerConfigError(api, pod, initContainers[i]) is { } error)
            {
                return new InitWait(i, error);
            }

            run.InitCreated[initName] = now;
        }

        run.InitDone = now;
        return null;
    }

    /// <summary>
    /// An init container waiting on its references: the pod stays Pending and not initialized (its sandbox and IP
    /// exist), the container waits in CreateContainerConfigError and each attempt records Failed "Error: ...".
    /// </summary>
    private TimeSpan FailInitContainer(ResourceService api, JsonObject pod, JsonObject node, PodRun run, InitWait wait, int attempt, TimeSpan untilNextAttempt)
    {
        var container = pod.ObjectAt("spec").Objects("initContainers").ElementAt(wait.Index);
        var initName = container.Str("name") ?? "";
        var stage = $"{ContainerTimeline.ConfigErrorStage}{attempt}-{wait.Error}";
        if (run.Stages.GetValueOrDefault("initContainers/" + initName) != stage)
        {
            run.Stages["initContainers/" + initName] = stage;
            events.Record(api, pod, EventRecorder.Warning, "Failed", $"Error: {wait.Error}", Component, run.NodeName, $"spec.initContainers{{{initName}}}");
        }

        WriteWaitingStatus(api, pod, node, run, wait);

        return untilNextAttempt + TimeSpan.FromMilliseconds(1);
    }

    /// <summary>
    /// The status of a pod whose containers cannot start yet: Pending, every container waiting, not ready, not
    /// initialized while init containers wait. Without a sandbox (<paramref name="initWait"/> null) there is no pod IP
    /// and the containers wait in ContainerCreating (PodInitializing for all when there are init containers); with
    /// one, an init container waits on its references: those before it completed, it in CreateContainerConfigError,
    /// the rest in PodInitializing.
    /// </summary>
    /// <summary>Writes the status of a pod that is still waiting (sandbox, volumes, init containers), when it changed.</summary>
    private void WriteWaitingStatus(ResourceService api, JsonObject pod, JsonObject node, PodRun run, InitWait? initWait)
    {
        var status = WaitingPodStatus(pod, node, run, initWait);
        if (!JsonFields.SameContent(pod["status"], status))
        {
            pod["status"] = status;
            api.Update(BuiltinResources.Pods, pod.Namespace(), pod.Name(), pod, "status", Write);
        }
    }

    private JsonObject WaitingPodStatus(JsonObject pod, JsonObject node, PodRun run, InitWait? initWait)
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
        var firstWaiting = initWait?.Index ?? 0;
        var now = Now;
        Conditions.Set(status, "PodReadyToStartContainers", initWait is null ? "False" : "True", null, null, now, withProbeTime: true);
        if (initContainers.Count > 0)
        {
            Conditions.Set(status, "Initialized", "False", "ContainersNotInitialized",
                $"containers with incomplete status: [{string.Join(' ', initContainers.Skip(firstWaiting).Select(c => c.Str("name")))}]", now, withProbeTime: true);
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
        if (initWait is not null && run.PodIp is { } podIp)
        {
            status["podIP"] = podIp;
            status["podIPs"] = new JsonArray(new JsonObject { ["ip"] = podIp });
        }

        status["startTime"] = ObjectMeta.Timestamp(run.Arrived);
        var reason = initContainers.Count > 0 ? "PodInitializing" : "ContainerCreating";
        if (initContainers.Count > 0)
        {
            status["initContainerStatuses"] = initContainers.Select((c, i) => (JsonNode?)(
                initWait is null || i > firstWaiting ? WaitingStatus(pod, c, reason, null, run)
                : i < firstWaiting ? InitContainerStatus(pod, c, run)
                : WaitingStatus(pod, c, "CreateContainerConfigError", initWait.Error, run))).ToJsonArray();
        }

        status["containerStatuses"] = containers.OrderBy(c => c.Str("name"), StringComparer.Ordinal)
            .Select(c => (JsonNode?)WaitingStatus(pod, c, reason, null, run)).ToJsonArray();
        if (old["qosClass"] is { } qos)
        {
            status["qosClass"] = qos.DeepClone();
        }

        return status;
    }

    private JsonObject WaitingStatus(JsonObject pod, JsonObject container, string reason, string? message, PodRun run)
    {
        var waiting = new JsonObject { ["reason"] = reason };
        if (message is not null)
        {
            waiting["message"] = message;
        }

        return new JsonObject
        {
            ["name"] = container.Str("name"),
            ["image"] = new ContainerTimeline(options, pod, container, run.Arrived).QualifiedImage,
            ["imageID"] = "",
            ["ready"] = false,
            ["started"] = false,
            ["restartCount"] = 0,
            ["state"] = new JsonObject { ["waiting"] = waiting },
            ["lastState"] = new JsonObject(),
        };
    }

    /// <summary>
    /// Why the kubelet cannot generate this container's config (generateContainerConfig): first its environment, then
    /// the runAsNonRoot check against the image's user (<see cref="RunAsNonRoot"/>). Either leaves the container in
    /// CreateContainerConfigError with a Failed "Error: ..." Event per attempt.
    /// </summary>
    private string? ContainerConfigError(ResourceService api, JsonObject pod, JsonObject container) =>
        ConfigError(api, pod.Namespace(), container) ??
        RunAsNonRoot.Verify(pod, container, ImageCatalogue.For(container.Str("image") ?? "", options.Images));

    /// <summary>
    /// Why the kubelet cannot generate this container's environment, worded as it reports it (makeEnvironmentVariables,
    /// envFrom before env, the first failure wins), or null when every reference resolves: a missing Secret or
    /// ConfigMap (<c>secret "db" not found</c>, <c>configmap "x" not found</c>, as its watch-based cache words it) or a
    /// missing key (<c>couldn't find key password in Secret ns/db</c>). References marked optional never fail.
    /// </summary>
    private static string? ConfigError(ResourceService api, string? ns, JsonObject container)
    {
        foreach (var source in container.Objects("envFrom"))
        {
            foreach (var (field, type, _) in References)
            {
                if (source.ObjectAt(field) is { } reference && reference.Bool("optional") != true &&
                    api.TryGet(type, ns, reference.Str("name") ?? "") is null)
                {
                    return $"{type.Singular} \"{reference.Str("name")}\" not found";
                }
            }
        }

        foreach (var variable in container.Objects("env"))
        {
            foreach (var (field, type, keyField) in References)
            {
                if (variable.ObjectAt("valueFrom").ObjectAt(keyField) is not { } reference || reference.Bool("optional") == true)
                {
                    continue;
                }

                var name = reference.Str("name") ?? "";
                if (api.TryGet(type, ns, name) is not { } found)
                {
                    return $"{type.Singular} \"{name}\" not found";
                }

                var key = reference.Str("key") ?? "";
                if (!new[] { "data", "binaryData", "stringData" }.Any(map => found.ObjectAt(map)?.ContainsKey(key) == true))
                {
                    return $"couldn't find key {key} in {type.Kind} {ns}/{name}";
                }
            }
        }

        return null;
    }

    /// <summary>The kinds a container's environment can name: envFrom's field, the kind, env valueFrom's field.</summary>
    private static readonly (string Field, ResourceType Type, string KeyField)[] References =
    [
        ("configMapRef", BuiltinResources.ConfigMaps, "configMapKeyRef"),
        ("secretRef", BuiltinResources.Secrets, "secretKeyRef"),
    ];

    /// <summary>
    /// The kubelet looks the pod's imagePullSecrets up on every sync; missing ones are only reported (the pull is
    /// attempted anyway), with the names sorted as Go's sets.List returns them.
    /// </summary>
    private void RecordMissingPullSecrets(ResourceService api, JsonObject pod, PodRun run)
    {
        var missing = pod.ObjectAt("spec").Objects("imagePullSecrets").Select(r => r.Str("name") ?? "")
            .Where(n => n.Length > 0 && api.TryGet(BuiltinResources.Secrets, pod.Namespace(), n) is null)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            events.Record(api, pod, EventRecorder.Warning, "FailedToRetrieveImagePullSecret",
                $"Unable to retrieve some image pull secrets ({string.Join(", ", missing)}); attempting to pull the image may not succeed.", Component, run.NodeName);
        }
    }

    /// <summary>
    /// How many attempts a retry loop has made by <paramref name="now"/> when the first was at <paramref name="first"/>
    /// and each waits <see cref="LocalClusterOptions.RestartBackOff"/> × 2ⁿ (at most 32×), and when the next is due.
    /// </summary>
    private (int Attempts, DateTimeOffset Next) Attempts(DateTimeOffset first, DateTimeOffset now)
    {
        var attempts = 1;
        var next = first + ContainerTimeline.RetryBackOff(options, 0);
        while (now >= next && ContainerTimeline.RetryBackOff(options, attempts) > ContainerTimeline.RetryBackOff(options, attempts - 1))
        {
            next += ContainerTimeline.RetryBackOff(options, attempts);
            attempts++;
        }

        if (now >= next)
        {
            // The back-off has stopped doubling: count the remaining equal steps at once.
            var step = ContainerTimeline.RetryBackOff(options, attempts);
            var steps = ((now - next).Ticks / step.Ticks) + 1;
            attempts += (int)Math.Min(steps, int.MaxValue / 2);
            next += TimeSpan.FromTicks(step.Ticks * steps);
        }

        return (attempts, next);
    }

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
        var started = run.InitCreated.TryGetValue(container.Str("name") ?? "", out var created) ? created : run.SandboxCreated ?? run.Arrived;
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

    /// <summary>An init container (by index) that cannot be created yet, and why.</summary>
    private sealed record InitWait(int Index, string Error);

    /// <summary>
    /// What the kubelet remembers about one pod: its work key, node and RuntimeClass, when it arrived (startTime), when
    /// its sandbox was created (null while it cannot be) and its IP, when each init and app container was created
    /// (its Secret and ConfigMap references resolved) and when the last init container was, whether a container still
    /// waits on its references, how many sandbox and container-start attempts have their Events, and which stages'
    /// Events are written.
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

        public int MountAttempts { get; set; }

        /// <summary>Every configMap and secret volume set up (<see cref="VolumeSetUpErrors"/>); stays so.</summary>
        public bool VolumesSetUp { get; set; }

        public int StartAttempts { get; set; }

        public DateTimeOffset? InitDone { get; set; }

        public bool WaitingForConfig { get; set; }

        public Dictionary<string, DateTimeOffset> InitCreated { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, DateTimeOffset> Created { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Stages { get; } = new(StringComparer.Ordinal);

        public HashSet<string> FirstStartRecorded { get; } = new(StringComparer.Ordinal);
    }
}
