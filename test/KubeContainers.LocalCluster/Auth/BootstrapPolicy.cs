using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Auth;

/// <summary>
/// The default ClusterRoles and ClusterRoleBindings kube-apiserver creates at start (plugin/pkg/auth/authorizer/rbac/
/// bootstrappolicy), a subset: <c>cluster-admin</c> bound to system:masters; <c>system:discovery</c>,
/// <c>system:basic-user</c> and <c>system:public-info-viewer</c> bound to system:authenticated (the last also to
/// system:unauthenticated); the user-facing <c>admin</c>, <c>edit</c> and <c>view</c>, whose rules the aggregation
/// controller fills from the <c>system:aggregate-to-*</c> roles (their rules cut down to the kinds this server serves,
/// plus the common ones kubectl users expect). Labelled <c>kubernetes.io/bootstrapping: rbac-defaults</c>.
/// </summary>
internal static class BootstrapPolicy
{
    private const string Manager = "kube-apiserver";
    private const string AggregateLabel = "rbac.authorization.k8s.io/aggregate-to-";
    private static readonly string[] Read = ["get", "list", "watch"];
    private static readonly string[] Write = ["create", "delete", "deletecollection", "patch", "update"];
    private static readonly string[] ReadWrite = [.. Read, .. Write];

    public static void Apply(ResourceService api)
    {
        var write = WriteOptions.System(Manager);
        foreach (var role in ClusterRoles())
        {
            api.Create(BuiltinResources.ClusterRoles, null, role, write);
        }

        foreach (var binding in ClusterRoleBindings())
        {
            api.Create(BuiltinResources.ClusterRoleBindings, null, binding, write);
        }
    }

    private static IEnumerable<JsonObject> ClusterRoles()
    {
        yield return Role("cluster-admin", null, [Rule(["*"], ["*"], ["*"]), NonResource(["*"], ["*"])]);
        yield return Role("system:discovery", null,
            [NonResource(["get"], ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"])]);
        yield return Role("system:basic-user", null,
            [Rule(["create"], ["authorization.k8s.io"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]),
             Rule(["create"], ["authentication.k8s.io"], ["selfsubjectreviews"])]);
        yield return Role("system:public-info-viewer", null, [NonResource(["get"], ["/healthz", "/livez", "/readyz", "/version", "/version/"])]);

        yield return Aggregated("admin", "admin", null);
        yield return Aggregated("edit", "edit", "admin");
        yield return Aggregated("view", "view", "edit");

        yield return Role("system:aggregate-to-admin", "admin",
            [Rule(["create"], ["authorization.k8s.io"], ["localsubjectaccessreviews"]),
             Rule(ReadWrite, ["rbac.authorization.k8s.io"], ["rolebindings", "roles"])]);
        yield return Role("system:aggregate-to-edit", "edit",
            [Rule(["impersonate"], [""], ["serviceaccounts"]),
             Rule(Write, [""], ["pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"]),
             Rule(["create"], [""], ["pods/eviction"]),
             Rule(Write, [""], ["configmaps", "events", "persistentvolumeclaims", "replicationcontrollers", "replicationcontrollers/scale", "secrets", "serviceaccounts", "services", "services/proxy"]),
             Rule(["create"], [""], ["serviceaccounts/token"]),
             Rule(Write, ["apps"], ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "replicasets", "replicasets/scale", "statefulsets", "statefulsets/scale"]),
             Rule(Write, ["autoscaling"], ["horizontalpodautoscalers"]),
             Rule(Write, ["batch"], ["cronjobs", "jobs"]),
             Rule(Write, ["networking.k8s.io"], ["ingresses", "networkpolicies"]),
             Rule(Write, ["policy"], ["poddisruptionbudgets"]),
             Rule(Read, [""], ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"])]);
        yield return Role("system:aggregate-to-view", "view",
            [Rule(Read, [""], ["configmaps", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "pods", "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services", "services/status"]),
             Rule(Read, [""], ["bindings", "events", "limitranges", "namespaces/status", "pods/log", "pods/status", "replicationcontrollers/status", "resourcequotas", "resourcequotas/status"]),
             Rule(Read, [""], ["namespaces"]),
             Rule(Read, ["discovery.k8s.io"], ["endpointslices"]),
             Rule(Read, ["apps"], ["controllerrevisions", "daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status", "replicasets", "replicasets/scale", "replicasets/status", "statefulsets", "statefulsets/scale", "statefulsets/status"]),
             Rule(Read, ["autoscaling"], ["horizontalpodautoscalers", "horizontalpodautoscalers/status"]),
             Rule(Read, ["batch"], ["cronjobs", "cronjobs/status", "jobs", "jobs/status"]),
             Rule(Read, ["policy"], ["poddisruptionbudgets", "poddisruptionbudgets/status"]),
             Rule(Read, ["networking.k8s.io"], ["ingresses", "ingresses/status", "networkpolicies"])]);
    }

    private static IEnumerable<JsonObject> ClusterRoleBindings()
    {
        yield return Binding("cluster-admin", "cluster-admin", [UserInfo.Masters]);
        yield return Binding("system:discovery", "system:discovery", [UserInfo.Authenticated]);
        yield return Binding("system:basic-user", "system:basic-user", [UserInfo.Authenticated]);
        yield return Binding("system:public-info-viewer", "system:public-info-viewer", [UserInfo.Authenticated, UserInfo.Unauthenticated]);
    }

    /// <summary>A ClusterRole that gathers every role labelled aggregate-to-NAME, itself labelled to feed <paramref name="feeds"/>.</summary>
    private static JsonObject Aggregated(string name, string gathers, string? feeds)
    {
        var role = Role(name, feeds, []);
        role["aggregationRule"] = new JsonObject
        {
            ["clusterRoleSelectors"] = new JsonArray(new JsonObject { ["matchLabels"] = new JsonObject { [AggregateLabel + gathers] = "true" } }),
        };
        return role;
    }

    private static JsonObject Role(string name, string? aggregateTo, JsonObject[] rules)
    {
        var labels = new JsonObject { ["kubernetes.io/bootstrapping"] = "rbac-defaults" };
        if (aggregateTo is not null)
        {
            labels[AggregateLabel + aggregateTo] = "true";
        }

        return new JsonObject
        {
            ["apiVersion"] = "rbac.authorization.k8s.io/v1",
            ["kind"] = "ClusterRole",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["labels"] = labels,
                ["annotations"] = new JsonObject { ["rbac.authorization.kubernetes.io/autoupdate"] = "true" },
            },
            ["rules"] = new JsonArray([.. rules]),
        };
    }

    private static JsonObject Binding(string name, string role, string[] groups) => new()
    {
        ["apiVersion"] = "rbac.authorization.k8s.io/v1",
        ["kind"] = "ClusterRoleBinding",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["labels"] = new JsonObject { ["kubernetes.io/bootstrapping"] = "rbac-defaults" },
            ["annotations"] = new JsonObject { ["rbac.authorization.kubernetes.io/autoupdate"] = "true" },
        },
        ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = role },
        ["subjects"] = new JsonArray(groups.Select(g => (JsonNode)new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "Group", ["name"] = g }).ToArray()),
    };

    private static JsonObject Rule(string[] verbs, string[] groups, string[] resources) => new()
    {
        ["verbs"] = Strings(verbs),
        ["apiGroups"] = Strings(groups),
        ["resources"] = Strings(resources),
    };

    private static JsonObject NonResource(string[] verbs, string[] urls) => new()
    {
        ["verbs"] = Strings(verbs),
        ["nonResourceURLs"] = Strings(urls),
    };

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());
}
