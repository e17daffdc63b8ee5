using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Selectors;

namespace KubeContainers.LocalCluster.Tables;

/// <summary>
/// The server-side columns of built-in kinds (kubernetes/pkg/printers/internalversion, 1.32). The apiserver
/// always prints the wide variant; kubectl hides priority &gt; 0 columns unless -o wide.
/// </summary>
internal static class BuiltInPrinters
{
    public const string NameDescription = "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
    public const string CreationTimestampDescription = "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

    private static readonly PrinterColumn Name = new("Name", "string", string.Empty, NameDescription, 0, "name");
    private static readonly PrinterColumn Age = new("Age", "string", string.Empty, CreationTimestampDescription);
    private static readonly PrinterColumn Containers = new("Containers", "string", string.Empty, "Names of each container in the template.", 1);
    private static readonly PrinterColumn Images = new("Images", "string", string.Empty, "Images referenced by each container in the template.", 1);
    private static readonly PrinterColumn Selector = new("Selector", "string", string.Empty, "A label query over pods that should match the replica count.", 1);

    private static readonly Dictionary<(string Group, string Kind), Printer> Printers = new()
    {
        [(string.Empty, "Pod")] = new(
        [
            Name,
            Col("Ready", "The aggregate readiness state of this pod for accepting traffic."),
            Col("Status", "The aggregate status of the containers in this pod."),
            Col("Restarts", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
            Age,
            Col("IP", "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.", 1),
            Col("Node", "NodeName indicates in which node this pod is scheduled.", 1),
            Col("Nominated Node", "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.", 1),
            Col("Readiness Gates", "If specified, all readiness gates will be evaluated for pod readiness.", 1),
        ], Pod),
        [("apps", "Deployment")] = new(
        [
            Name,
            Col("Ready", "Number of the pod with ready state"),
            Col("Up-to-date", "Total number of non-terminated pods targeted by this deployment that have the desired template spec.", type: "integer"),
            Col("Available", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.", type: "integer"),
            Age, Containers, Images,
            Col("Selector", "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.", 1),
        ], Deployment),
        [("apps", "ReplicaSet")] = new(
        [
            Name,
            Col("Desired", "Replicas is the number of desired pods.", type: "integer"),
            Col("Current", "Replicas is the most recently observed number of replicas.", type: "integer"),
            Col("Ready", "The number of ready replicas for this replica set.", type: "integer"),
            Age, Containers, Images, Selector,
        ], ReplicaSet),
        [("batch", "Job")] = new(
        [
            Name,
            Col("Status", "Status of the job."),
            Col("Completions", "The desired number of successfully finished pods the job should be run with."),
            Col("Duration", "Time required to complete the job."),
            Age, Containers, Images,
            Col("Selector", "A label query over pods that should match the pod count.", 1),
        ], Job),
        [(string.Empty, "Service")] = new(
        [
            Name,
            Col("Type", "type determines how the Service is exposed."),
            Col("Cluster-IP", "clusterIP is the IP address of the service and is usually assigned randomly."),
            Col("External-IP", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."),
            Col("Port(s)", "The list of ports that are exposed by this service."),
            Age,
            Col("Selector", "Route service traffic to pods with label keys and values matching this selector.", 1),
        ], Service),
        [("networking.k8s.io", "Ingress")] = new(
        [
            Name,
            Col("Class", "The name of the IngressClass resource that should be used for this Ingress"),
            Col("Hosts", "Hosts that incoming requests are matched against before the ingress rule"),
            Col("Address", "Address is a list containing ingress points for the load-balancer"),
            Col("Ports", "Ports of TLS configurations that open"),
            Age,
        ], Ingress),
        [("networking.k8s.io", "NetworkPolicy")] = new(
        [
            Name,
            Col("Pod-Selector", "podSelector selects the pods to which this NetworkPolicy object applies."),
            Age,
        ], (o, _) => [FormatLabelSelector(o["spec"]?["podSelector"] as JsonObject)]),
        [(string.Empty, "PersistentVolumeClaim")] = new(
        [
            Name,
            Col("Status", "phase represents the current phase of PersistentVolumeClaim."),
            Col("Volume", "volumeName is the binding reference to the PersistentVolume backing this claim."),
            Col("Capacity", "capacity represents the actual resources of the underlying volume."),
            Col("Access Modes", "accessModes contains the actual access modes the volume backing the PVC has."),
            Col("StorageClass", "StorageClass of the pvc"),
            Col("VolumeAttributesClass", "VolumeAttributesClass of the pvc"),
            Age,
            Col("VolumeMode", "volumeMode defines what type of volume is required by the claim.", 1),
        ], PersistentVolumeClaim),
        [(string.Empty, "ResourceQuota")] = new(
        [
            Name,
            Age,
            Col("Request", "Request represents a minimum amount of cpu/memory that a container may consume."),
            Col("Limit", "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node."),
        ], ResourceQuota),
        [(string.Empty, "Namespace")] = new(
        [
            Name, Col("Status", "The status of the namespace"), Age,
        ], (o, _) => [Str(o, "status", "phase") ?? string.Empty]),
        [(string.Empty, "Node")] = new(
        [
            Name,
            Col("Status", "The status of the node"),
            Col("Roles", "The roles of the node"),
            Age,
            Col("Version", "Kubelet Version reported by the node."),
            Col("Internal-IP", "List of addresses reachable to the node. Queried from cloud provider, if available.", 1),
            Col("External-IP", "List of addresses reachable to the node. Queried from cloud provider, if available.", 1),
            Col("OS-Image", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", 1),
            Col("Kernel-Version", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
            Col("Container-Runtime", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).", 1),
        ], Node),
        [(string.Empty, "ConfigMap")] = new(
        [
            Name, Col("Data", "Data contains the configuration data.", type: "integer"), Age,
        ], (o, _) => [(long)(Count(o["data"]) + Count(o["binaryData"]))]),
        [(string.Empty, "Secret")] = new(
        [
            Name, Col("Type", "Used to facilitate programmatic handling of secret data."),
            Col("Data", "Data contains the secret data.", type: "integer"), Age,
        ], (o, _) => [Str(o, "type") ?? string.Empty, (long)Count(o["data"])]),
        [(string.Empty, "Event")] = new(
        [
            Col("Last Seen", "The time at which the most recent occurrence of this event was recorded."),
            Col("Type", "Type of this event (Normal, Warning), new types could be added in the future."),
            Col("Reason", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
            Col("Object", "The object that this event is about."),
            Col("Subobject", "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].", 1),
            Col("Source", "The component reporting this event. Should be a short machine understandable string.", 1),
            Col("Message", "A human-readable description of the status of this operation."),
            Col("First Seen", "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)", 1),
            Col("Count", "The number of times this event has occurred.", 1),
            Col("Name", NameDescription, 1, format: "name"),
        ], (o, now) => Event(o, now), NameAndAge: false),
        [("node.k8s.io", "RuntimeClass")] = new(
        [
            Name, Col("Handler", "handler specifies the underlying runtime and configuration that the CRI implementation will use to handle pods of this class."), Age,
        ], (o, _) => [Str(o, "handler") ?? string.Empty]),
        [("storage.k8s.io", "StorageClass")] = new(
        [
            Name,
            Col("Provisioner", "provisioner indicates the type of the provisioner."),
            Col("ReclaimPolicy", "reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class."),
            Col("VolumeBindingMode", "volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound."),
            Col("AllowVolumeExpansion", "allowVolumeExpansion shows whether the storage class allow volume expand.", type: "boolean"),
            Age,
        ], (o, _) =>
        [
            Str(o, "provisioner") ?? string.Empty,
            Str(o, "reclaimPolicy") ?? "Delete",
            Str(o, "volumeBindingMode") ?? "Immediate",
            o["allowVolumeExpansion"] is JsonValue v && v.GetValueKind() == JsonValueKind.True,
        ], NameCell: StorageClassName),
        [("networking.k8s.io", "IngressClass")] = new(
        [
            Name,
            Col("Controller", "controller refers to the name of the controller that should handle this class."),
            Col("Parameters", "parameters is a link to a custom resource containing additional configuration for the controller."),
            Age,
        ], (o, _) => [Str(o, "spec", "controller") ?? string.Empty, IngressClassParameters(o["spec"]?["parameters"] as JsonObject)]),
        [("coordination.k8s.io", "Lease")] = new(
        [
            Name, Col("Holder", "holderIdentity contains the identity of the holder of a current lease."), Age,
        ], (o, _) => [Str(o, "spec", "holderIdentity") ?? string.Empty]),
        [("autoscaling", "Scale")] = new(
        [
            Name,
            Col("Desired", "replicas is the desired number of instances for the scaled object.", type: "integer"),
            Col("Available", "replicas is the actual number of observed instances of the scaled object.", type: "integer"),
        ], (o, _) => [Str(o, "metadata", "name") ?? string.Empty, Int(o, "spec", "replicas"), Int(o, "status", "replicas")], NameAndAge: false),
        [(string.Empty, "ServiceAccount")] = new(
        [
            Name, Col("Secrets", "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.", type: "integer"), Age,
        ], (o, _) => [(long)Count(o["secrets"])]),
    };

    /// <summary>
    /// A kind's printer: its columns and a function producing the cells between NAME and AGE (or, for
    /// printers without the usual NAME … AGE frame, all cells).
    /// </summary>
    private sealed record Printer(
        IReadOnlyList<PrinterColumn> Columns,
        Func<JsonObject, DateTimeOffset, IReadOnlyList<JsonNode?>> Cells,
        bool NameAndAge = true,
        Func<JsonObject, string>? NameCell = null);

    public static IReadOnlyList<PrinterColumn>? ColumnsFor(string group, string kind) =>
        Printers.TryGetValue((group, kind), out var printer) ? printer.Columns : null;

    /// <summary>The row cells for an object of a kind that has a printer (callers check <see cref="ColumnsFor"/> first).</summary>
    public static List<JsonNode?> CellsFor(string group, string kind, JsonObject obj, DateTimeOffset now)
    {
        var printer = Printers[(group, kind)];
        var cells = printer.Cells(obj, now);
        if (!printer.NameAndAge)
        {
            return [.. cells];
        }

        // Every framed printer is NAME, its cells up to AGE, AGE, then the wide cells.
        var ageIndex = printer.Columns.ToList().FindIndex(c => ReferenceEquals(c, Age));
        var name = printer.NameCell?.Invoke(obj) ?? Str(obj, "metadata", "name") ?? string.Empty;
        var result = new List<JsonNode?> { name };
        result.AddRange(cells.Take(ageIndex - 1));
        result.Add(HumanDuration.Since(Str(obj, "metadata", "creationTimestamp"), now));
        result.AddRange(cells.Skip(ageIndex - 1));
        return result;
    }

    private static PrinterColumn Col(string name, string description, int priority = 0, string type = "string", string? format = null) =>
        new(name, type, string.Empty, description, priority, format ?? string.Empty);

    internal static string? Str(JsonNode? node, params string[] path)
    {
        foreach (var part in path)
        {
            node = node is JsonObject o ? o[part] : null;
        }

        return node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
    }

    private static long Int(JsonNode? node, params string[] path)
    {
        foreach (var part in path)
        {
            node = node is JsonObject o ? o[part] : null;
        }

        return node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && long.TryParse(v.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : 0;
    }

    private static bool Has(JsonNode? node, params string[] path)
    {
        foreach (var part in path)
        {
            node = node is JsonObject o ? o[part] : null;
        }

        return node is not null;
    }

    private static int Count(JsonNode? node) => node switch
    {
        JsonObject o => o.Count,
        JsonArray a => a.Count,
        _ => 0,
    };

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node is JsonArray a ? a.OfType<JsonObject>() : [];

    private static string Labels(JsonNode? map)
    {
        if (map is not JsonObject o || o.Count == 0)
        {
            return "<none>";
        }

        return string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + (p.Value as JsonValue)?.ToString()));
    }

    private static string FormatLabelSelector(JsonObject? selector)
    {
        try
        {
            var text = LabelSelector.FromJson(selector).ToString();
            return text.Length == 0 ? "<none>" : text;
        }
        catch (FormatException)
        {
            return "<error>";
        }
    }

    private static string SelectorString(JsonObject? selector)
    {
        try
        {
            return LabelSelector.FromJson(selector).ToString();
        }
        catch (FormatException)
        {
            return "<error>";
        }
    }

    private static (string Names, string Images) ContainerCells(JsonNode? podSpec)
    {
        var containers = Objects(podSpec?["containers"]).ToList();
        return (string.Join(",", containers.Select(c => Str(c, "name") ?? string.Empty)),
            string.Join(",", containers.Select(c => Str(c, "image") ?? string.Empty)));
    }

    private static IReadOnlyList<JsonNode?> Pod(JsonObject pod, DateTimeOffset now)
    {
        var spec = pod["spec"];
        var status = pod["status"];
        var restarts = 0L;
        var restartableRestarts = 0L;
        var totalContainers = Count(spec?["containers"]);
        var readyContainers = 0;
        DateTimeOffset? lastRestart = null;
        DateTimeOffset? lastRestartableRestart = null;
        var phase = Str(status, "phase") ?? string.Empty;
        var reason = Str(status, "reason") is { Length: > 0 } r ? r : phase;
        if (Objects(status?["conditions"]).Any(c => Str(c, "type") == "PodScheduled" && Str(c, "reason") == "SchedulingGated"))
        {
            reason = "SchedulingGated";
        }

        var initContainers = Objects(spec?["initContainers"]).ToList();
        bool IsSidecar(string? name) => initContainers.Any(c => Str(c, "name") == name && Str(c, "restartPolicy") == "Always");
        totalContainers += initContainers.Count(c => Str(c, "restartPolicy") == "Always");

        static DateTimeOffset? Later(DateTimeOffset? current, JsonNode? containerStatus) =>
            HumanDuration.TryParseTime(Str(containerStatus, "lastState", "terminated", "finishedAt")) is { } t && (current is null || t > current)
                ? t
                : current;

        var initializing = false;
        var initStatuses = Objects(status?["initContainerStatuses"]).ToList();
        for (var i = 0; i < initStatuses.Count; i++)
        {
            var container = initStatuses[i];
            restarts += Int(container, "restartCount");
            lastRestart = Later(lastRestart, container);
            var sidecar = IsSidecar(Str(container, "name"));
            if (sidecar)
            {
                restartableRestarts += Int(container, "restartCount");
                lastRestartableRestart = Later(lastRestartableRestart, container);
            }

            var terminated = container["state"]?["terminated"];
            var waitingReason = Str(container, "state", "waiting", "reason");
            if (terminated is not null && Int(terminated, "exitCode") == 0)
            {
                continue;
            }

            if (sidecar && container["started"] is JsonValue started && started.GetValueKind() == JsonValueKind.True)
            {
                readyContainers += IsTrue(container["ready"]) ? 1 : 0;
                continue;
            }

            if (terminated is not null)
            {
                reason = Str(terminated, "reason") is { Length: > 0 } tr ? "Init:" + tr
                    : Int(terminated, "signal") != 0 ? $"Init:Signal:{Int(terminated, "signal")}"
                    : $"Init:ExitCode:{Int(terminated, "exitCode")}";
            }
            else if (waitingReason is { Length: > 0 } && waitingReason != "PodInitializing")
            {
                reason = "Init:" + waitingReason;
            }
            else
            {
                reason = $"Init:{i}/{initContainers.Count}";
            }

            initializing = true;
            break;
        }

        var initialized = Objects(status?["conditions"]).Any(c => Str(c, "type") == "Initialized" && Str(c, "status") == "True");
        if (!initializing || initialized)
        {
            restarts = restartableRestarts;
            lastRestart = lastRestartableRestart;
            var hasRunning = false;
            var statuses = Objects(status?["containerStatuses"]).ToList();
            for (var i = statuses.Count - 1; i >= 0; i--)
            {
                var container = statuses[i];
                restarts += Int(container, "restartCount");
                lastRestart = Later(lastRestart, container);
                var state = container["state"];
                if (Str(state, "waiting", "reason") is { Length: > 0 } wr)
                {
                    reason = wr;
                }
                else if (Str(state, "terminated", "reason") is { Length: > 0 } tr)
                {
                    reason = tr;
                }
                else if (state?["terminated"] is { } terminated)
                {
                    reason = Int(terminated, "signal") != 0 ? $"Signal:{Int(terminated, "signal")}" : $"ExitCode:{Int(terminated, "exitCode")}";
                }
                else if (IsTrue(container["ready"]) && state?["running"] is not null)
                {
                    hasRunning = true;
                    readyContainers++;
                }
            }

            if (reason == "Completed" && hasRunning)
            {
                reason = Objects(status?["conditions"]).Any(c => Str(c, "type") == "Ready" && Str(c, "status") == "True") ? "Running" : "NotReady";
            }
        }

        var deleting = Has(pod, "metadata", "deletionTimestamp");
        if (deleting && Str(status, "reason") == "NodeLost")
        {
            reason = "Unknown";
        }
        else if (deleting && phase is not ("Succeeded" or "Failed"))
        {
            reason = "Terminating";
        }

        var restartsText = restarts.ToString(CultureInfo.InvariantCulture);
        if (restarts != 0 && lastRestart is { } last)
        {
            restartsText = $"{restarts} ({HumanDuration.Format(now - last)} ago)";
        }

        var podIp = Objects(status?["podIPs"]).Select(p => Str(p, "ip")).FirstOrDefault() ?? Str(status, "podIP");
        var gates = Objects(spec?["readinessGates"]).ToList();
        var readinessGates = "<none>";
        if (gates.Count > 0)
        {
            var conditions = Objects(status?["conditions"]).ToList();
            var trueCount = gates.Count(g => conditions.FirstOrDefault(c => Str(c, "type") == Str(g, "conditionType")) is { } c && Str(c, "status") == "True");
            readinessGates = $"{trueCount}/{gates.Count}";
        }

        return
        [
            $"{readyContainers}/{totalContainers}", reason, restartsText,
            NoneIfEmpty(podIp), NoneIfEmpty(Str(spec, "nodeName")), NoneIfEmpty(Str(status, "nominatedNodeName")), readinessGates,
        ];
    }

    private static bool IsTrue(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    private static string NoneIfEmpty(string? value) => string.IsNullOrEmpty(value) ? "<none>" : value;

    /// <summary>Desired replicas: the apiserver defaults an absent spec.replicas to 1.</summary>
    private static long Replicas(JsonObject obj) => Has(obj, "spec", "replicas") ? Int(obj, "spec", "replicas") : 1;

    private static IReadOnlyList<JsonNode?> Deployment(JsonObject d, DateTimeOffset now)
    {
        var (names, images) = ContainerCells(d["spec"]?["template"]?["spec"]);
        return
        [
            $"{Int(d, "status", "readyReplicas")}/{Replicas(d)}", Int(d, "status", "updatedReplicas"), Int(d, "status", "availableReplicas"),
            names, images, SelectorString(d["spec"]?["selector"] as JsonObject),
        ];
    }

    private static IReadOnlyList<JsonNode?> ReplicaSet(JsonObject rs, DateTimeOffset now)
    {
        var (names, images) = ContainerCells(rs["spec"]?["template"]?["spec"]);
        return
        [
            Replicas(rs), Int(rs, "status", "replicas"), Int(rs, "status", "readyReplicas"),
            names, images, SelectorString(rs["spec"]?["selector"] as JsonObject),
        ];
    }

    private static IReadOnlyList<JsonNode?> Job(JsonObject job, DateTimeOffset now)
    {
        var succeeded = Int(job, "status", "succeeded");
        string completions;
        if (Has(job, "spec", "completions"))
        {
            completions = $"{succeeded}/{Int(job, "spec", "completions")}";
        }
        else if (Has(job, "spec", "parallelism") && Int(job, "spec", "parallelism") > 1)
        {
            completions = $"{succeeded}/1 of {Int(job, "spec", "parallelism")}";
        }
        else
        {
            completions = $"{succeeded}/1";
        }

        var start = HumanDuration.TryParseTime(Str(job, "status", "startTime"));
        var end = HumanDuration.TryParseTime(Str(job, "status", "completionTime"));
        var duration = start is null ? string.Empty : HumanDuration.Format((end ?? now) - start.Value);

        var conditions = Objects(job["status"]?["conditions"]).ToList();
        bool Condition(string type) => conditions.Any(c => Str(c, "type") == type && Str(c, "status") == "True");
        var status = Condition("Complete") ? "Complete"
            : Condition("Failed") ? "Failed"
            : Has(job, "metadata", "deletionTimestamp") ? "Terminating"
            : Condition("Suspended") ? "Suspended"
            : Condition("FailureTarget") ? "FailureTarget"
            : Condition("SuccessCriteriaMet") ? "SuccessCriteriaMet"
            : "Running";
        var (names, images) = ContainerCells(job["spec"]?["template"]?["spec"]);
        return [status, completions, duration, names, images, SelectorString(job["spec"]?["selector"] as JsonObject)];
    }

    private static string LoadBalancerAddresses(JsonNode? loadBalancer) =>
        string.Join(",", Objects(loadBalancer?["ingress"])
            .Select(i => Str(i, "ip") is { Length: > 0 } ip ? ip : Str(i, "hostname"))
            .OfType<string>().Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    private static IReadOnlyList<JsonNode?> Service(JsonObject svc, DateTimeOffset now)
    {
        var spec = svc["spec"];
        var type = Str(spec, "type") is { Length: > 0 } t ? t : "ClusterIP";
        var clusterIp = (spec?["clusterIPs"] as JsonArray)?.FirstOrDefault()?.GetValue<string>() ?? Str(spec, "clusterIP");
        var externalIps = (spec?["externalIPs"] as JsonArray)?.Select(x => x?.GetValue<string>() ?? string.Empty).ToList() ?? [];
        string external;
        switch (type)
        {
            case "ClusterIP" or "NodePort":
                external = externalIps.Count > 0 ? string.Join(",", externalIps) : "<none>";
                break;
            case "LoadBalancer":
                var lb = LoadBalancerAddresses(svc["status"]?["loadBalancer"]);
                var all = (lb.Length > 0 ? lb.Split(',') : []).Concat(externalIps).ToList();
                external = all.Count > 0 ? string.Join(",", all) : "<pending>";
                break;
            case "ExternalName":
                external = Str(spec, "externalName") ?? string.Empty;
                break;
            default:
                external = "<unknown>";
                break;
        }

        var ports = string.Join(",", Objects(spec?["ports"]).Select(p =>
        {
            var protocol = Str(p, "protocol") ?? "TCP";
            return Int(p, "nodePort") > 0 ? $"{Int(p, "port")}:{Int(p, "nodePort")}/{protocol}" : $"{Int(p, "port")}/{protocol}";
        }));
        return [type, NoneIfEmpty(clusterIp), external, NoneIfEmpty(ports), Labels(spec?["selector"])];
    }

    private static IReadOnlyList<JsonNode?> Ingress(JsonObject ing, DateTimeOffset now)
    {
        var spec = ing["spec"];
        var rules = Objects(spec?["rules"]).ToList();
        var hosts = rules.Select(r => Str(r, "host")).Where(h => !string.IsNullOrEmpty(h)).Take(3).ToList();
        var hostText = hosts.Count == 0 ? "*" : string.Join(",", hosts);
        if (rules.Count > 3 && hosts.Count == 3)
        {
            hostText += $" + {rules.Count - 3} more...";
        }

        var ports = Count(spec?["tls"]) > 0 ? "80, 443" : "80";
        return [Str(spec, "ingressClassName") ?? "<none>", hostText, LoadBalancerAddresses(ing["status"]?["loadBalancer"]), ports];
    }

    /// <summary>"name: used/hard, ..." per resource of spec.hard, sorted; limits.* names in LIMIT, the rest in REQUEST.</summary>
    private static IReadOnlyList<JsonNode?> ResourceQuota(JsonObject quota, DateTimeOffset now)
    {
        var names = (quota["spec"]?["hard"] as JsonObject)?.Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList() ?? [];
        var requests = new List<string>();
        var limits = new List<string>();
        foreach (var name in names)
        {
            var entry = $"{name}: {Str(quota, "status", "used", name) ?? "0"}/{Str(quota, "status", "hard", name) ?? "0"}";
            (name.StartsWith("limits.", StringComparison.Ordinal) ? limits : requests).Add(entry);
        }

        return [string.Join(", ", requests), string.Join(", ", limits)];
    }

    private static IReadOnlyList<JsonNode?> PersistentVolumeClaim(JsonObject pvc, DateTimeOffset now)
    {
        var spec = pvc["spec"];
        var phase = Has(pvc, "metadata", "deletionTimestamp") ? "Terminating" : Str(pvc, "status", "phase") ?? string.Empty;
        var volume = Str(spec, "volumeName") ?? string.Empty;
        var capacity = string.Empty;
        var accessModes = string.Empty;
        if (volume.Length > 0)
        {
            var modes = (pvc["status"]?["accessModes"] as JsonArray)?.Select(m => m?.GetValue<string>()).ToList() ?? [];
            var abbreviations = new (string Mode, string Short)[]
            {
                ("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP"),
            };
            accessModes = string.Join(",", abbreviations.Where(a => modes.Contains(a.Mode)).Select(a => a.Short));
            capacity = Str(pvc, "status", "capacity", "storage") ?? string.Empty;
        }

        var storageClass = Str(spec, "storageClassName")
            ?? Str(pvc, "metadata", "annotations", "volume.beta.kubernetes.io/storage-class") ?? string.Empty;
        var attributesClass = Str(spec, "volumeAttributesClassName") is { Length: > 0 } vac ? vac : "<unset>";
        var volumeMode = Str(spec, "volumeMode") ?? "<unset>";
        return [phase, volume, capacity, accessModes, storageClass, attributesClass, volumeMode];
    }

    private static IReadOnlyList<JsonNode?> Node(JsonObject node, DateTimeOffset now)
    {
        var status = node["status"];
        var ready = Objects(status?["conditions"]).FirstOrDefault(c => Str(c, "type") == "Ready");
        var states = new List<string> { ready is null ? "Unknown" : Str(ready, "status") == "True" ? "Ready" : "NotReady" };
        if (IsTrue(node["spec"]?["unschedulable"]))
        {
            states.Add("SchedulingDisabled");
        }

        var roles = new SortedSet<string>(StringComparer.Ordinal);
        if (node["metadata"]?["labels"] is JsonObject labels)
        {
            foreach (var (key, value) in labels)
            {
                if (key.StartsWith("node-role.kubernetes.io/", StringComparison.Ordinal) && key.Length > "node-role.kubernetes.io/".Length)
                {
                    roles.Add(key["node-role.kubernetes.io/".Length..]);
                }
                else if (key == "kubernetes.io/role" && (value as JsonValue)?.ToString() is { Length: > 0 } role)
                {
                    roles.Add(role);
                }
            }
        }

        string Address(string type) =>
            Objects(status?["addresses"]).FirstOrDefault(a => Str(a, "type") == type) is { } a ? Str(a, "address") ?? "<none>" : "<none>";
        string Info(string field) => Str(status, "nodeInfo", field) is { Length: > 0 } v ? v : "<unknown>";
        return
        [
            string.Join(",", states), roles.Count == 0 ? "<none>" : string.Join(",", roles), Str(status, "nodeInfo", "kubeletVersion") ?? string.Empty,
            Address("InternalIP"), Address("ExternalIP"), Info("osImage"), Info("kernelVersion"), Info("containerRuntimeVersion"),
        ];
    }

    private static IReadOnlyList<JsonNode?> Event(JsonObject ev, DateTimeOffset now)
    {
        var first = Has(ev, "firstTimestamp") ? HumanDuration.Since(Str(ev, "firstTimestamp"), now) : HumanDuration.Since(Str(ev, "eventTime"), now);
        var last = Has(ev, "lastTimestamp") ? HumanDuration.Since(Str(ev, "lastTimestamp"), now) : first;
        var count = Int(ev, "count");
        if (ev["series"] is JsonObject series)
        {
            last = HumanDuration.Since(Str(series, "lastObservedTime"), now);
            count = Int(series, "count");
        }
        else if (count == 0)
        {
            count = 1;
        }

        var kind = (Str(ev, "involvedObject", "kind") ?? string.Empty).ToLowerInvariant();
        var target = Str(ev, "involvedObject", "name") is { Length: > 0 } name ? kind + "/" + name : kind;
        var component = Str(ev, "source", "component") is { Length: > 0 } c ? c : Str(ev, "reportingComponent") ?? string.Empty;
        var instance = Str(ev, "source", "host") is { Length: > 0 } h ? h : Str(ev, "reportingInstance") ?? string.Empty;
        var source = instance.Length == 0 ? component : component + ", " + instance;
        return
        [
            last, Str(ev, "type") ?? string.Empty, Str(ev, "reason") ?? string.Empty, target, Str(ev, "involvedObject", "fieldPath") ?? string.Empty,
            source, (Str(ev, "message") ?? string.Empty).Trim(), first, count, Str(ev, "metadata", "name") ?? string.Empty,
        ];
    }

    private static string StorageClassName(JsonObject sc)
    {
        var name = Str(sc, "metadata", "name") ?? string.Empty;
        var isDefault = Str(sc, "metadata", "annotations", "storageclass.kubernetes.io/is-default-class") == "true"
            || Str(sc, "metadata", "annotations", "storageclass.beta.kubernetes.io/is-default-class") == "true";
        return isDefault ? name + " (default)" : name;
    }

    private static string IngressClassParameters(JsonObject? parameters)
    {
        if (parameters is null)
        {
            return "<none>";
        }

        var text = Str(parameters, "kind") ?? string.Empty;
        if (Str(parameters, "apiGroup") is { } group)
        {
            text += "." + group;
        }

        return text + "/" + (Str(parameters, "name") ?? string.Empty);
    }
}
