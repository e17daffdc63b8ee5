namespace KubeContainers.LocalCluster.Storage;

/// <summary>The built-in kinds the operator and its tests touch.</summary>
public static class BuiltinResources
{
    public static readonly ResourceType Namespaces = new("", "v1", "Namespace", "namespaces", "namespace", false, true, ["ns"]) { ResetStatusOnCreate = false, NameIsDnsLabel = true };
    public static readonly ResourceType Nodes = new("", "v1", "Node", "nodes", "node", false, true, ["no"]) { ResetStatusOnCreate = false };
    public static readonly ResourceType Pods = new("", "v1", "Pod", "pods", "pod", true, true, ["po"], ["all"]);
    public static readonly ResourceType Services = new("", "v1", "Service", "services", "service", true, true, ["svc"], ["all"]) { NameIsDnsLabel = true };
    public static readonly ResourceType Endpoints = new("", "v1", "Endpoints", "endpoints", "endpoints", true, false, ["ep"]);
    public static readonly ResourceType ConfigMaps = new("", "v1", "ConfigMap", "configmaps", "configmap", true, false, ["cm"]);
    public static readonly ResourceType Secrets = new("", "v1", "Secret", "secrets", "secret", true);
    public static readonly ResourceType Events = new("", "v1", "Event", "events", "event", true, false, ["ev"]);
    public static readonly ResourceType ServiceAccounts = new("", "v1", "ServiceAccount", "serviceaccounts", "serviceaccount", true, false, ["sa"]);
    public static readonly ResourceType PersistentVolumeClaims = new("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", "persistentvolumeclaim", true, true, ["pvc"]);
    public static readonly ResourceType PersistentVolumes = new("", "v1", "PersistentVolume", "persistentvolumes", "persistentvolume", false, true, ["pv"]);
    public static readonly ResourceType ResourceQuotas = new("", "v1", "ResourceQuota", "resourcequotas", "resourcequota", true, true, ["quota"]);
    public static readonly ResourceType EventsV1 = new("events.k8s.io", "v1", "Event", "events", "event", true, false, ["ev"]);
    public static readonly ResourceType Deployments = new("apps", "v1", "Deployment", "deployments", "deployment", true, true, ["deploy"], ["all"]) { HasScale = true };
    public static readonly ResourceType ReplicaSets = new("apps", "v1", "ReplicaSet", "replicasets", "replicaset", true, true, ["rs"], ["all"]) { HasScale = true };
    public static readonly ResourceType Jobs = new("batch", "v1", "Job", "jobs", "job", true, true, null, ["all"]);
    public static readonly ResourceType Ingresses = new("networking.k8s.io", "v1", "Ingress", "ingresses", "ingress", true, true, ["ing"]);
    public static readonly ResourceType IngressClasses = new("networking.k8s.io", "v1", "IngressClass", "ingressclasses", "ingressclass", false);
    public static readonly ResourceType NetworkPolicies = new("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", "networkpolicy", true, false, ["netpol"]);
    public static readonly ResourceType StorageClasses = new("storage.k8s.io", "v1", "StorageClass", "storageclasses", "storageclass", false, false, ["sc"]);
    public static readonly ResourceType RuntimeClasses = new("node.k8s.io", "v1", "RuntimeClass", "runtimeclasses", "runtimeclass", false);
    public static readonly ResourceType Leases = new("coordination.k8s.io", "v1", "Lease", "leases", "lease", true);
    // RBAC objects are what the authorizer evaluates (Auth/RbacAuthorizer.cs).
    public static readonly ResourceType Roles = new("rbac.authorization.k8s.io", "v1", "Role", "roles", "role", true) { NameIsPathSegment = true };
    public static readonly ResourceType RoleBindings = new("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", "rolebinding", true) { NameIsPathSegment = true };
    public static readonly ResourceType ClusterRoles = new("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", "clusterrole", false) { NameIsPathSegment = true };
    public static readonly ResourceType ClusterRoleBindings = new("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", "clusterrolebinding", false) { NameIsPathSegment = true };
    // The authentication and authorization reviews: answered, never stored (Auth/AuthEndpoints.cs).
    public static readonly ResourceType TokenReviews = Review("authentication.k8s.io", "TokenReview", false);
    public static readonly ResourceType SelfSubjectReviews = Review("authentication.k8s.io", "SelfSubjectReview", false);
    public static readonly ResourceType SubjectAccessReviews = Review("authorization.k8s.io", "SubjectAccessReview", false);
    public static readonly ResourceType SelfSubjectAccessReviews = Review("authorization.k8s.io", "SelfSubjectAccessReview", false);
    public static readonly ResourceType SelfSubjectRulesReviews = Review("authorization.k8s.io", "SelfSubjectRulesReview", false);
    public static readonly ResourceType LocalSubjectAccessReviews = Review("authorization.k8s.io", "LocalSubjectAccessReview", true);
    // Validating admission policies: enforced by Admission/Policy/ValidatingPolicies.cs on every write.
    public static readonly ResourceType ValidatingAdmissionPolicies = new("admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicy", "validatingadmissionpolicies", "validatingadmissionpolicy", false, true);
    public static readonly ResourceType ValidatingAdmissionPolicyBindings = new("admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicyBinding", "validatingadmissionpolicybindings", "validatingadmissionpolicybinding", false);
    public static readonly ResourceType CustomResourceDefinitions = new("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", "customresourcedefinition", false, true, ["crd", "crds"]) { ResetStatusOnCreate = false };

    public static IReadOnlyList<ResourceType> All { get; } =
    [
        Namespaces, Nodes, Pods, Services, Endpoints, ConfigMaps, Secrets, Events, ServiceAccounts,
        PersistentVolumeClaims, PersistentVolumes, ResourceQuotas, EventsV1, Deployments, ReplicaSets, Jobs,
        Ingresses, IngressClasses, NetworkPolicies, StorageClasses, RuntimeClasses, Leases, Roles, RoleBindings,
        ClusterRoles, ClusterRoleBindings, CustomResourceDefinitions, TokenReviews, SelfSubjectReviews, LocalSubjectAccessReviews,
        SelfSubjectAccessReviews, SelfSubjectRulesReviews, SubjectAccessReviews, ValidatingAdmissionPolicies, ValidatingAdmissionPolicyBindings,
    ];

    private static ResourceType Review(string group, string kind, bool namespaced) =>
        new(group, "v1", kind, kind.ToLowerInvariant() + "s", kind.ToLowerInvariant(), namespaced) { CreateOnly = true };
}
