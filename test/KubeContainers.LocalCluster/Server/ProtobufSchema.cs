namespace KubeContainers.LocalCluster.Server;

/// <summary>
/// The protobuf messages of the kinds real clients send as <c>application/vnd.kubernetes.protobuf</c> (kubectl's
/// typed <c>create</c> subcommands, helm's release Secrets, client-go's DeleteOptions), with field numbers from
/// k8s.io/api and k8s.io/apimachinery <c>generated.proto</c>. The names are the JSON names (generated.proto uses them).
/// Only the fields those clients fill are listed: an unlisted field that carries data is refused with 415 rather
/// than dropped, so a client that sends more shows up as a clear error, never as a silently different object.
/// </summary>
/// <remarks>
/// One entry per field: <c>number name [type][?]</c>. Types: string (the default), int, bool, bytes (base64 in JSON),
/// map (string to string), map:bytes, map:Quantity, a message name, <c>[]</c>type for repeated fields, <c>-</c> for
/// a field that is read and dropped (status, which a create ignores, and managedFields, which the server keeps).
/// <c>?</c> marks Go pointer fields: Go's protobuf writes a plain field even when it is empty (which JSON's
/// omitempty leaves out), but writes a pointer only when it is set, so a pointer's zero (<c>replicas: 0</c>) is kept.
/// The name <c>~</c> inlines the message's fields into the parent (IngressRule's embedded IngressRuleValue).
/// Time, IntOrString and Quantity are read as the JSON scalars they marshal to.
/// </remarks>
internal static class ProtobufSchema
{
    /// <summary>apiVersion and kind of the top-level objects decoded, and their message.</summary>
    public static readonly IReadOnlyDictionary<(string ApiVersion, string Kind), string> Kinds = new Dictionary<(string, string), string>
    {
        [("v1", "Namespace")] = "Namespace",
        [("v1", "ConfigMap")] = "ConfigMap",
        [("v1", "Secret")] = "Secret",
        [("v1", "ServiceAccount")] = "ServiceAccount",
        [("v1", "Service")] = "Service",
        [("v1", "ResourceQuota")] = "ResourceQuota",
        [("apps/v1", "Deployment")] = "Deployment",
        [("batch/v1", "Job")] = "Job",
        [("networking.k8s.io/v1", "Ingress")] = "Ingress",
        [("rbac.authorization.k8s.io/v1", "Role")] = "Role",
        [("rbac.authorization.k8s.io/v1", "RoleBinding")] = "RoleBinding",
        [("rbac.authorization.k8s.io/v1", "ClusterRole")] = "ClusterRole",
        [("rbac.authorization.k8s.io/v1", "ClusterRoleBinding")] = "ClusterRoleBinding",
        [("authentication.k8s.io/v1", "TokenRequest")] = "TokenRequest",
        [("authentication.k8s.io/v1", "TokenReview")] = "TokenReview",
        [("authentication.k8s.io/v1", "SelfSubjectReview")] = "SelfSubjectReview",
        [("authorization.k8s.io/v1", "SelfSubjectAccessReview")] = "SelfSubjectAccessReview",
        [("authorization.k8s.io/v1", "SelfSubjectRulesReview")] = "SelfSubjectRulesReview",
        [("authorization.k8s.io/v1", "SubjectAccessReview")] = "SubjectAccessReview",
        [("authorization.k8s.io/v1", "LocalSubjectAccessReview")] = "LocalSubjectAccessReview",
        [("meta.k8s.io/v1", "DeleteOptions")] = "DeleteOptions",
        [("v1", "DeleteOptions")] = "DeleteOptions",
    };

    private static readonly Dictionary<string, string> Source = new()
    {
        // k8s.io/apimachinery/pkg/apis/meta/v1
        ["ObjectMeta"] = "1 name; 2 generateName; 3 namespace; 4 selfLink; 5 uid; 6 resourceVersion; 7 generation int; " +
            "8 creationTimestamp Time; 9 deletionTimestamp Time; 10 deletionGracePeriodSeconds int?; 11 labels map; " +
            "12 annotations map; 13 ownerReferences []OwnerReference; 14 finalizers []string; 17 managedFields -",
        ["OwnerReference"] = "5 apiVersion; 1 kind; 3 name; 4 uid; 6 controller bool?; 7 blockOwnerDeletion bool?",
        ["LabelSelector"] = "1 matchLabels map; 2 matchExpressions []LabelSelectorRequirement",
        ["LabelSelectorRequirement"] = "1 key; 2 operator; 3 values []string",
        ["DeleteOptions"] = "1 gracePeriodSeconds int?; 2 preconditions Preconditions; 3 orphanDependents bool?; " +
            "4 propagationPolicy string?; 5 dryRun []string; 6 ignoreStoreReadErrorWithClusterBreakingPotential bool?",
        ["Preconditions"] = "1 uid string?; 2 resourceVersion string?",

        // k8s.io/api/core/v1
        ["Namespace"] = "1 metadata ObjectMeta; 2 spec NamespaceSpec; 3 status -",
        ["NamespaceSpec"] = "1 finalizers []string",
        ["ConfigMap"] = "1 metadata ObjectMeta; 2 data map; 3 binaryData map:bytes; 4 immutable bool?",
        ["Secret"] = "1 metadata ObjectMeta; 2 data map:bytes; 3 type; 4 stringData map; 5 immutable bool?",
        ["ServiceAccount"] = "1 metadata ObjectMeta; 2 secrets []ObjectReference; 3 imagePullSecrets []LocalObjectReference; " +
            "4 automountServiceAccountToken bool?",
        ["ObjectReference"] = "1 kind; 2 namespace; 3 name; 4 uid; 5 apiVersion; 6 resourceVersion; 7 fieldPath",
        ["LocalObjectReference"] = "1 name",
        ["Service"] = "1 metadata ObjectMeta; 2 spec ServiceSpec; 3 status -",
        ["ServiceSpec"] = "1 ports []ServicePort; 2 selector map; 3 clusterIP; 18 clusterIPs []string; 4 type; " +
            "5 externalIPs []string; 7 sessionAffinity; 8 loadBalancerIP; 9 loadBalancerSourceRanges []string; 10 externalName; " +
            "11 externalTrafficPolicy; 12 healthCheckNodePort int; 13 publishNotReadyAddresses bool; 19 ipFamilies []string; " +
            "17 ipFamilyPolicy string?; 20 allocateLoadBalancerNodePorts bool?; 21 loadBalancerClass string?; " +
            "22 internalTrafficPolicy string?; 23 trafficDistribution string?",
        ["ServicePort"] = "1 name; 2 protocol; 6 appProtocol string?; 3 port int; 4 targetPort IntOrString; 5 nodePort int",
        ["ResourceQuota"] = "1 metadata ObjectMeta; 2 spec ResourceQuotaSpec; 3 status -",
        ["ResourceQuotaSpec"] = "1 hard map:Quantity; 2 scopes []string",
        ["PodTemplateSpec"] = "1 metadata ObjectMeta; 2 spec PodSpec",
        ["PodSpec"] = "2 containers []Container; 20 initContainers []Container; 3 restartPolicy; " +
            "4 terminationGracePeriodSeconds int?; 5 activeDeadlineSeconds int?; 6 dnsPolicy; 7 nodeSelector map; " +
            "8 serviceAccountName; 9 serviceAccount; 21 automountServiceAccountToken bool?; 10 nodeName; 11 hostNetwork bool; " +
            "12 hostPID bool; 13 hostIPC bool; 27 shareProcessNamespace bool?; 15 imagePullSecrets []LocalObjectReference; " +
            "16 hostname; 17 subdomain; 19 schedulerName; 24 priorityClassName; 25 priority int?; 29 runtimeClassName string?; " +
            "30 enableServiceLinks bool?; 31 preemptionPolicy string?; 35 setHostnameAsFQDN bool?; 37 hostUsers bool?",
        ["Container"] = "1 name; 2 image; 3 command []string; 4 args []string; 5 workingDir; 6 ports []ContainerPort; " +
            "7 env []EnvVar; 8 resources ResourceRequirements; 13 terminationMessagePath; 20 terminationMessagePolicy; " +
            "14 imagePullPolicy; 16 stdin bool; 17 stdinOnce bool; 18 tty bool; 24 restartPolicy string?",
        ["ContainerPort"] = "1 name; 2 hostPort int; 3 containerPort int; 4 protocol; 5 hostIP",
        ["EnvVar"] = "1 name; 2 value",
        ["ResourceRequirements"] = "1 limits map:Quantity; 2 requests map:Quantity",

        // k8s.io/api/apps/v1, batch/v1
        ["Deployment"] = "1 metadata ObjectMeta; 2 spec DeploymentSpec; 3 status -",
        ["DeploymentSpec"] = "1 replicas int?; 2 selector LabelSelector; 3 template PodTemplateSpec; 4 strategy DeploymentStrategy; " +
            "5 minReadySeconds int; 6 revisionHistoryLimit int?; 7 paused bool; 9 progressDeadlineSeconds int?",
        ["DeploymentStrategy"] = "1 type; 2 rollingUpdate RollingUpdateDeployment",
        ["RollingUpdateDeployment"] = "1 maxUnavailable IntOrString; 2 maxSurge IntOrString",
        ["Job"] = "1 metadata ObjectMeta; 2 spec JobSpec; 3 status -",
        ["JobSpec"] = "1 parallelism int?; 2 completions int?; 3 activeDeadlineSeconds int?; 7 backoffLimit int?; " +
            "12 backoffLimitPerIndex int?; 13 maxFailedIndexes int?; 4 selector LabelSelector; 5 manualSelector bool?; " +
            "6 template PodTemplateSpec; 8 ttlSecondsAfterFinished int?; 9 completionMode string?; 10 suspend bool?; " +
            "14 podReplacementPolicy string?; 15 managedBy string?",

        // k8s.io/api/networking/v1
        ["Ingress"] = "1 metadata ObjectMeta; 2 spec IngressSpec; 3 status -",
        ["IngressSpec"] = "4 ingressClassName string?; 1 defaultBackend IngressBackend; 2 tls []IngressTLS; 3 rules []IngressRule",
        ["IngressRule"] = "1 host; 2 ~ IngressRuleValue",
        ["IngressRuleValue"] = "1 http HTTPIngressRuleValue",
        ["HTTPIngressRuleValue"] = "1 paths []HTTPIngressPath",
        ["HTTPIngressPath"] = "1 path; 3 pathType string?; 2 backend IngressBackend",
        ["IngressBackend"] = "4 service IngressServiceBackend",
        ["IngressServiceBackend"] = "1 name; 2 port ServiceBackendPort",
        ["ServiceBackendPort"] = "1 name; 2 number int",
        ["IngressTLS"] = "1 hosts []string; 2 secretName",

        // k8s.io/api/rbac/v1
        ["Role"] = "1 metadata ObjectMeta; 2 rules []PolicyRule",
        ["ClusterRole"] = "1 metadata ObjectMeta; 2 rules []PolicyRule; 3 aggregationRule AggregationRule",
        ["PolicyRule"] = "1 verbs []string; 2 apiGroups []string; 3 resources []string; 4 resourceNames []string; 5 nonResourceURLs []string",
        ["AggregationRule"] = "1 clusterRoleSelectors []LabelSelector",
        ["RoleBinding"] = "1 metadata ObjectMeta; 2 subjects []Subject; 3 roleRef RoleRef",
        ["ClusterRoleBinding"] = "1 metadata ObjectMeta; 2 subjects []Subject; 3 roleRef RoleRef",
        ["Subject"] = "1 kind; 2 apiGroup; 3 name; 4 namespace",
        ["RoleRef"] = "1 apiGroup; 2 kind; 3 name",

        // k8s.io/api/authentication/v1 (kubectl create token, auth whoami)
        ["TokenRequest"] = "1 metadata ObjectMeta; 2 spec TokenRequestSpec; 3 status -",
        ["TokenRequestSpec"] = "1 audiences []string; 4 expirationSeconds int?; 3 boundObjectRef BoundObjectReference",
        ["BoundObjectReference"] = "1 kind; 2 apiVersion; 3 name; 4 uid",
        ["TokenReview"] = "1 metadata ObjectMeta; 2 spec TokenReviewSpec; 3 status -",
        ["TokenReviewSpec"] = "1 token; 2 audiences []string",
        ["SelfSubjectReview"] = "1 metadata ObjectMeta; 2 status -",

        // k8s.io/api/authorization/v1 (kubectl auth can-i)
        ["SelfSubjectAccessReview"] = "1 metadata ObjectMeta; 2 spec SelfSubjectAccessReviewSpec; 3 status -",
        ["SelfSubjectAccessReviewSpec"] = "1 resourceAttributes ResourceAttributes; 2 nonResourceAttributes NonResourceAttributes",
        ["ResourceAttributes"] = "1 namespace; 2 verb; 3 group; 4 version; 5 resource; 6 subresource; 7 name",
        ["NonResourceAttributes"] = "1 path; 2 verb",
        ["SelfSubjectRulesReview"] = "1 metadata ObjectMeta; 2 spec SelfSubjectRulesReviewSpec; 3 status -",
        ["SelfSubjectRulesReviewSpec"] = "1 namespace",
        ["SubjectAccessReview"] = "1 metadata ObjectMeta; 2 spec SubjectAccessReviewSpec; 3 status -",
        ["LocalSubjectAccessReview"] = "1 metadata ObjectMeta; 2 spec SubjectAccessReviewSpec; 3 status -",
        ["SubjectAccessReviewSpec"] = "1 resourceAttributes ResourceAttributes; 2 nonResourceAttributes NonResourceAttributes; " +
            "3 user; 4 groups []string; 6 uid",
    };

    /// <summary>One field: its JSON name, its type (a scalar or a message name), and how it repeats.</summary>
    internal sealed record Field(string Name, string Type, bool Repeated, bool Pointer);

    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<int, Field>> Messages =
        Source.ToDictionary(m => m.Key, m => Parse(m.Value));

    private static IReadOnlyDictionary<int, Field> Parse(string fields)
    {
        var result = new Dictionary<int, Field>();
        foreach (var entry in fields.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = entry.Split(' ');
            var type = parts.Length > 2 ? parts[2] : "string";
            var pointer = type.EndsWith('?');
            type = type.TrimEnd('?');
            var repeated = type.StartsWith("[]", StringComparison.Ordinal);
            result.Add(int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture),
                new Field(parts[1], repeated ? type[2..] : type, repeated, pointer));
        }

        return result;
    }
}
