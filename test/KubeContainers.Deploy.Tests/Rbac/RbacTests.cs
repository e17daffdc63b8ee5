using System.Text.Json.Nodes;
using KubeContainers.Deploy.Tests.Support;
using KubeContainers.Operator.Configuration;

namespace KubeContainers.Deploy.Tests.Rbac;

/// <summary>
/// The operator's RBAC, as the chart renders it and as config/rbac declares it, against the one list of what the
/// operator uses (read off its code: the caches and watches of ManagedContainerController, the child sync, the status
/// writer, the event recorder, leader election). Anything wider fails, and so does anything missing, since the
/// operator would then fail at runtime.
/// </summary>
[ClusterTest]
public sealed class RbacTests
{
    private const string ReadWrite = "get list watch create update delete";

    /// <summary>(apiGroup, resource) → verbs, cluster-wide.</summary>
    private static readonly Dictionary<(string Group, string Resource), string> Allowed = new()
    {
        [("kubecontainers.io", "managedcontainers")] = "get list watch delete",
        [("kubecontainers.io", "managedcontainers/status")] = "patch",
        [("kubecontainers.io", "managedcontainers/finalizers")] = "update",
        [("kubecontainers.io", "containerplans")] = "get list watch",
        [("kubecontainers.io", "containerplans/status")] = "patch",
        [("", "namespaces")] = "get list watch",
        [("apps", "deployments")] = ReadWrite,
        [("batch", "jobs")] = ReadWrite,
        [("", "services")] = ReadWrite,
        [("", "persistentvolumeclaims")] = ReadWrite,
        [("", "configmaps")] = ReadWrite,
        [("networking.k8s.io", "ingresses")] = ReadWrite,
        [("networking.k8s.io", "networkpolicies")] = ReadWrite,
        [("node.k8s.io", "runtimeclasses")] = ReadWrite,
        [("apps", "replicasets")] = "list watch",
        [("", "pods")] = "list watch",
        [("", "nodes")] = "get list watch",
        [("storage.k8s.io", "storageclasses")] = "get list watch",
        [("networking.k8s.io", "ingressclasses")] = "get list watch",
        [("", "events")] = "create patch list watch",
    };

    /// <summary>The Lease of leader election, in the operator's namespace only: create, and get/update of its own, the
    /// one the operator's flags name (--leader-election-id, read by the operator's own loader).</summary>
    private static string[] LeaseRules(JsonObject deployment)
    {
        var loaded = OperatorSettingsLoader.Load(OperatorDeployment.Args(deployment), new Dictionary<string, string?>(), appSettingsPath: null);
        loaded.Errors.ShouldBeEmpty();
        var lease = loaded.Settings!.LeaderElectionId;
        return ["coordination.k8s.io leases create *", $"coordination.k8s.io leases get {lease}", $"coordination.k8s.io leases update {lease}"];
    }

    private static readonly string[] NeverVerbs = ["*", "escalate", "bind", "impersonate"];

    public static TheoryData<string> Sources => ["chart", "chart with leader election", "config/rbac"];

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task The_cluster_role_grants_exactly_what_the_operator_uses(string source)
    {
        var role = OperatorObjects(await RbacObjectsAsync(source)).OneOf("ClusterRole");

        ShouldBeSafe(role);
        var granted = Grants(role).Select(g => $"{g.Group} {g.Resource} {g.Verb}").ToList();
        var allowed = Allowed.SelectMany(a => a.Value.Split(' ').Select(v => $"{a.Key.Group} {a.Key.Resource} {v}")).ToList();
        granted.Except(allowed).ShouldBeEmpty($"{source}: wider than what the operator uses");
        allowed.Except(granted).ShouldBeEmpty($"{source}: the operator needs these too");
        role["aggregationRule"].ShouldBeNull();
        Grants(role).ShouldAllBe(g => g.ResourceName == "*", "no cluster-wide rule names single objects");
    }

    [Fact]
    public async Task Kustomize_and_the_chart_grant_the_same_rules_from_the_one_list()
    {
        var chart = OperatorObjects(await RbacObjectsAsync("chart")).OneOf("ClusterRole")["rules"]!;
        var kustomize = OperatorObjects(await RbacObjectsAsync("config/rbac")).OneOf("ClusterRole")["rules"]!;

        JsonNode.DeepEquals(chart, kustomize).ShouldBeTrue("config/rbac/role.yaml drifted from the chart's files/operator-rules.yaml: run make rbac");
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task Leader_election_gets_only_its_lease_in_its_own_namespace(string source)
    {
        var objects = await RbacObjectsAsync(source);
        var roles = objects.OfKind("Role").ToList();
        if (source == "chart")
        {
            roles.ShouldBeEmpty("no Lease Role without leader election");
            return;
        }

        var role = roles.ShouldHaveSingleItem();
        ShouldBeSafe(role);
        Grants(role).Select(g => $"{g.Group} {g.Resource} {g.Verb} {g.ResourceName}").ShouldBe(LeaseRules(objects.OneOf("Deployment")), ignoreOrder: true);
        var binding = objects.OneOf("RoleBinding");
        binding["metadata"]!["namespace"]!.GetValue<string>().ShouldBe(role["metadata"]!["namespace"]!.GetValue<string>());
        binding["roleRef"]!["name"]!.GetValue<string>().ShouldBe(role["metadata"]!["name"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task The_bindings_give_the_roles_to_the_operator_service_account_only(string source)
    {
        var objects = await RbacObjectsAsync(source);
        var account = objects.OneOf("ServiceAccount")["metadata"]!;
        var deployment = objects.OneOf("Deployment");

        OperatorDeployment.PodSpec(deployment)["serviceAccountName"]!.GetValue<string>().ShouldBe(account["name"]!.GetValue<string>());
        foreach (var binding in OperatorObjects(objects).OfKind("ClusterRoleBinding").Concat(objects.OfKind("RoleBinding")))
        {
            var subject = binding["subjects"]!.AsArray().ShouldHaveSingleItem()!;
            subject["kind"]!.GetValue<string>().ShouldBe("ServiceAccount");
            subject["name"]!.GetValue<string>().ShouldBe(account["name"]!.GetValue<string>());
            subject["namespace"]!.GetValue<string>().ShouldBe(account["namespace"]!.GetValue<string>());
            objects.Where(o => Manifests.Kind(o) == binding["roleRef"]!["kind"]!.GetValue<string>())
                .ShouldContain(o => o["metadata"]!["name"]!.GetValue<string>() == binding["roleRef"]!["name"]!.GetValue<string>());
        }
    }

    /// <summary>The chart's objects, or config/default's (which holds config/rbac and the Deployment that uses it).</summary>
    internal static async Task<IReadOnlyList<JsonObject>> RbacObjectsAsync(string source) => source switch
    {
        "chart" => await Helm.TemplateAsync(),
        "chart with leader election" => await Helm.TemplateAsync("--set=replicaCount=2"),
        _ => await Kustomize.BuildAsync("config/default"),
    };

    /// <summary>Everything but the tenant roles and their binding (TenantRoleTests), which are for users, not the operator.</summary>
    private static IEnumerable<JsonObject> OperatorObjects(IEnumerable<JsonObject> objects) =>
        objects.Where(o => !TenantRoleTests.Names.Contains(o["metadata"]!["name"]!.GetValue<string>()));

    /// <summary>No Secrets, no wildcards, no verbs that hand out more rights, no non-resource URLs.</summary>
    internal static void ShouldBeSafe(JsonObject role)
    {
        var name = $"{role["kind"]} {role["metadata"]!["name"]}";
        foreach (var rule in role["rules"]!.AsArray())
        {
            rule!["nonResourceURLs"].ShouldBeNull(name);
            Strings(rule["apiGroups"]).ShouldNotContain("*", name);
            Strings(rule["resources"]).ShouldAllBe(r => r != "*" && !r.StartsWith("secrets", StringComparison.Ordinal) && !r.EndsWith("/*", StringComparison.Ordinal), name);
            Strings(rule["verbs"]).ShouldAllBe(v => !NeverVerbs.Contains(v), name);
        }
    }

    internal sealed record Grant(string Group, string Resource, string Verb, string ResourceName);

    internal static IEnumerable<Grant> Grants(JsonObject role) =>
        from rule in role["rules"]!.AsArray()
        from g in Strings(rule!["apiGroups"])
        from r in Strings(rule["resources"])
        from v in Strings(rule["verbs"])
        from n in rule["resourceNames"] is null ? ["*"] : Strings(rule["resourceNames"])
        select new Grant(g, r, v, n);

    internal static List<string> Strings(JsonNode? node) => node is null ? [] : [.. node.AsArray().Select(n => n!.GetValue<string>())];
}
