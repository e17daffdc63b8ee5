namespace KubeContainers.LocalCluster.Patching;

/// <summary>
/// The merge metadata of the built-in kinds we serve, transcribed from the Go types in k8s.io/api and
/// k8s.io/apimachinery (core/v1, apps/v1, batch/v1, meta/v1 types.go): <c>patchStrategy</c> and
/// <c>patchMergeKey</c> struct tags for strategic merge patch, <c>+listType</c>/<c>+listMapKey</c>/
/// <c>+structType</c>/<c>+mapType</c> markers for server-side apply. Only fields that differ from the
/// default (objects merge per key, lists are atomic) are listed. Kinds are keyed by API group and kind,
/// not version, as the merge metadata is the same in every served version.
/// </summary>
internal static class PatchStrategies
{
    /// <summary>Root type for kinds missing from <see cref="Kinds"/>: custom resources still have ObjectMeta.</summary>
    public const string CustomResource = "CustomResource";

    /// <summary>"group/Kind" (core group: just "Kind") to the root type in <see cref="Types"/>.</summary>
    private static readonly Dictionary<string, string> Kinds = new(StringComparer.Ordinal)
    {
        ["Pod"] = "Pod",
        ["PodTemplate"] = "PodTemplate",
        ["ReplicationController"] = "ReplicationController",
        ["Service"] = "Service",
        ["Node"] = "Node",
        ["Namespace"] = "WithConditions",
        ["PersistentVolumeClaim"] = "WithSelectorAndConditions",
        ["PersistentVolume"] = "Plain",
        ["ServiceAccount"] = "ServiceAccount",
        ["ConfigMap"] = "Plain",
        ["Secret"] = "Plain",
        ["Endpoints"] = "Plain",
        ["Event"] = "Plain",
        ["LimitRange"] = "Plain",
        ["ResourceQuota"] = "Plain",
        ["apps/Deployment"] = "Deployment",
        ["apps/ReplicaSet"] = "Workload",
        ["apps/StatefulSet"] = "Workload",
        ["apps/DaemonSet"] = "Workload",
        ["batch/Job"] = "Job",
        ["batch/CronJob"] = "CronJob",
        ["autoscaling/HorizontalPodAutoscaler"] = "WithConditions",
        ["autoscaling/Scale"] = "Plain",
        ["policy/PodDisruptionBudget"] = "WithSelectorAndConditions",
        ["networking.k8s.io/Ingress"] = "Plain",
        ["networking.k8s.io/IngressClass"] = "Plain",
        ["networking.k8s.io/NetworkPolicy"] = "NetworkPolicy",
        ["discovery.k8s.io/EndpointSlice"] = "Plain",
        ["events.k8s.io/Event"] = "Plain",
        ["coordination.k8s.io/Lease"] = "Plain",
        ["node.k8s.io/RuntimeClass"] = "Plain",
        ["storage.k8s.io/StorageClass"] = "Plain",
        ["scheduling.k8s.io/PriorityClass"] = "Plain",
        ["rbac.authorization.k8s.io/Role"] = "Plain",
        ["rbac.authorization.k8s.io/ClusterRole"] = "Plain",
        ["rbac.authorization.k8s.io/RoleBinding"] = "Plain",
        ["rbac.authorization.k8s.io/ClusterRoleBinding"] = "Plain",
        ["apiextensions.k8s.io/CustomResourceDefinition"] = "Plain",
        ["admissionregistration.k8s.io/ValidatingAdmissionPolicy"] = "ValidatingAdmissionPolicy",
        ["admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding"] = "ValidatingAdmissionPolicyBinding",
    };

    /// <summary>Struct types marked <c>+structType=atomic</c>: replaced and owned as a whole by apply.</summary>
    private static readonly HashSet<string> AtomicTypes = new(StringComparer.Ordinal) { "LabelSelector", "OwnerReference" };

    private static readonly Dictionary<string, Dictionary<string, FieldStrategy>> Types = new(StringComparer.Ordinal)
    {
        [CustomResource] = new() { ["metadata"] = Struct("ObjectMeta") },
        ["Plain"] = Root(),
        ["Pod"] = Root(spec: "PodSpec", status: "PodStatus"),
        ["PodTemplate"] = new() { ["metadata"] = Struct("ObjectMeta"), ["template"] = Struct("PodTemplateSpec") },
        ["ReplicationController"] = Root(spec: "ReplicationControllerSpec", status: "ConditionsStatus"),
        ["Service"] = Root(spec: "ServiceSpec", status: "ConditionsStatus"),
        ["Node"] = Root(spec: "NodeSpec", status: "NodeStatus"),
        ["ServiceAccount"] = new()
        {
            ["metadata"] = Struct("ObjectMeta"),
            ["secrets"] = MergeList("name"),
        },
        ["WithConditions"] = Root(status: "ConditionsStatus"),
        ["WithSelectorAndConditions"] = Root(spec: "SelectorSpec", status: "ConditionsStatus"),
        ["Deployment"] = Root(spec: "DeploymentSpec", status: "ConditionsStatus"),
        ["Workload"] = Root(spec: "WorkloadSpec", status: "ConditionsStatus"),
        ["Job"] = Root(spec: "WorkloadSpec", status: "JobStatus"),
        ["CronJob"] = Root(spec: "CronJobSpec"),
        ["NetworkPolicy"] = Root(spec: "NetworkPolicySpec"),

        ["ObjectMeta"] = new()
        {
            ["finalizers"] = MergeSet(),
            ["ownerReferences"] = MergeList("uid", "OwnerReference"),
        },
        ["ConditionsStatus"] = new() { ["conditions"] = MergeList("type") },
        ["SelectorSpec"] = new() { ["selector"] = Optional("LabelSelector") },
        ["WorkloadSpec"] = new()
        {
            ["selector"] = Optional("LabelSelector"),
            ["template"] = Struct("PodTemplateSpec"),
        },
        ["DeploymentSpec"] = new()
        {
            ["selector"] = Optional("LabelSelector"),
            ["template"] = Struct("PodTemplateSpec"),
            // patchStrategy:"retainKeys" only tells kubectl to send $retainKeys, which is honoured anywhere.
            ["strategy"] = Struct(null),
        },
        ["ReplicationControllerSpec"] = new()
        {
            ["selector"] = AtomicMap(),
            ["template"] = Optional("PodTemplateSpec"),
        },
        ["JobStatus"] = new() { ["conditions"] = MergeList("type") with { ListType = ListType.Atomic } },
        ["CronJobSpec"] = new() { ["jobTemplate"] = Struct("JobTemplateSpec") },
        ["JobTemplateSpec"] = new() { ["metadata"] = Struct("ObjectMeta"), ["spec"] = Struct("WorkloadSpec") },
        ["PodTemplateSpec"] = new() { ["metadata"] = Struct("ObjectMeta"), ["spec"] = Struct("PodSpec") },
        ["PodSpec"] = new()
        {
            // containers has no omitempty, so it is null (present) in the zero value.
            ["containers"] = MergeList("name", "Container") with { InZeroValue = true },
            ["initContainers"] = MergeList("name", "Container"),
            ["ephemeralContainers"] = MergeList("name", "Container"),
            ["volumes"] = MergeList("name"),
            ["imagePullSecrets"] = MergeList("name"),
            ["hostAliases"] = MergeList("ip"),
            // The merge key is topologyKey, but apply keys the list by topologyKey and whenUnsatisfiable.
            ["topologySpreadConstraints"] = MergeList("topologyKey") with
            {
                ListMapKeys = [new("topologyKey"), new("whenUnsatisfiable")],
            },
            ["schedulingGates"] = MergeList("name"),
            ["resourceClaims"] = MergeList("name"),
            ["nodeSelector"] = AtomicMap(),
        },
        ["Container"] = new()
        {
            ["ports"] = MergeList("containerPort") with
            {
                ListMapKeys = [new("containerPort"), new("protocol", "TCP")],
            },
            ["env"] = MergeList("name"),
            ["volumeMounts"] = MergeList("mountPath"),
            ["volumeDevices"] = MergeList("devicePath"),
        },
        ["PodStatus"] = new()
        {
            ["conditions"] = MergeList("type"),
            ["podIPs"] = MergeList("ip"),
            ["hostIPs"] = MergeList("ip") with { ListType = ListType.Atomic },
            ["resourceClaimStatuses"] = MergeList("name"),
        },
        ["ServiceSpec"] = new()
        {
            // Strategic merge patch merges ports by port alone; apply keys them by port and protocol.
            ["ports"] = MergeList("port") with { ListMapKeys = [new("port"), new("protocol", "TCP")] },
            ["selector"] = AtomicMap(),
        },
        ["NodeSpec"] = new() { ["podCIDRs"] = MergeSet() },
        ["NodeStatus"] = new()
        {
            ["conditions"] = MergeList("type"),
            ["addresses"] = MergeList("type"),
        },
        ["NetworkPolicySpec"] = new() { ["podSelector"] = Struct("LabelSelector") },
        ["ValidatingAdmissionPolicy"] = Root(spec: "ValidatingAdmissionPolicySpec", status: "ConditionsStatus"),
        ["ValidatingAdmissionPolicySpec"] = new()
        {
            ["matchConstraints"] = Optional("MatchResources"),
            ["matchConditions"] = MergeList("name"),
        },
        ["MatchResources"] = new()
        {
            ["namespaceSelector"] = Optional("LabelSelector"),
            ["objectSelector"] = Optional("LabelSelector"),
        },
        ["ValidatingAdmissionPolicyBinding"] = Root(spec: "ValidatingAdmissionPolicyBindingSpec"),
        ["ValidatingAdmissionPolicyBindingSpec"] = new()
        {
            ["matchResources"] = Optional("MatchResources"),
            ["paramRef"] = Optional("ParamRef"),
            ["validationActions"] = new() { ListType = ListType.Set },
        },
        ["ParamRef"] = new() { ["selector"] = Optional("LabelSelector") },
    };

    /// <summary>The root type of a built-in kind, or null for kinds we do not know (custom resources).</summary>
    public static string? RootType(string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var key = slash < 0 ? kind : $"{apiVersion[..slash]}/{kind}";
        return Kinds.GetValueOrDefault(key);
    }

    public static FieldStrategy? Field(string? type, string name) =>
        type is not null && Types.TryGetValue(type, out var fields) ? fields.GetValueOrDefault(name) : null;

    public static bool IsAtomicType(string? type) => type is not null && AtomicTypes.Contains(type);

    /// <summary>A kind's top level: metadata, spec and status are non-pointer structs.</summary>
    private static Dictionary<string, FieldStrategy> Root(string? spec = null, string? status = null) => new()
    {
        ["metadata"] = Struct("ObjectMeta"),
        ["spec"] = Struct(spec),
        ["status"] = Struct(status),
    };

    private static FieldStrategy Struct(string? type) => new() { Type = type, InZeroValue = true };

    private static FieldStrategy Optional(string type) => new() { Type = type };

    private static FieldStrategy AtomicMap() => new() { Atomic = true };

    private static FieldStrategy MergeList(string mergeKey, string? elementType = null) => new()
    {
        Type = elementType,
        PatchMerge = true,
        PatchMergeKey = mergeKey,
        ListType = ListType.Map,
        ListMapKeys = [new(mergeKey)],
    };

    private static FieldStrategy MergeSet() => new() { PatchMerge = true, ListType = ListType.Set };
}
