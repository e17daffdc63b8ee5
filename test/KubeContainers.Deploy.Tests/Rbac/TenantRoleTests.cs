using System.Text.Json.Nodes;
using KubeContainers.Deploy.Tests.Support;

namespace KubeContainers.Deploy.Tests.Rbac;

/// <summary>
/// The tenant roles as the chart renders them and as config/rbac ships them: exactly these rules, aggregated into
/// exactly these built-in roles, and no write to ContainerPlans anywhere. The whole-system test
/// (TenantRoleSystemTests) shows what they let a namespace's users do on a cluster that enforces RBAC.
/// </summary>
[ClusterTest]
public sealed class TenantRoleTests
{
    private const string Group = "kubecontainers.io";
    private const string Aggregate = "rbac.authorization.k8s.io/aggregate-to-";
    private const string Write = "create update patch delete deletecollection";

    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        "kubecontainers-view", "kubecontainers-edit", "kubecontainers-admin", "kubecontainers-plan-reader",
    };

    /// <summary>Role → (resource → verbs), all in kubecontainers.io; reads in -view, writes in -edit and -admin.</summary>
    private static readonly Dictionary<string, Dictionary<string, string>> Rules = new()
    {
        ["kubecontainers-view"] = new()
        {
            ["managedcontainers"] = "get list watch",
            ["managedcontainers/scale"] = "get list watch",
            ["managedcontainers/status"] = "get list watch",
        },
        ["kubecontainers-edit"] = new() { ["managedcontainers"] = Write, ["managedcontainers/scale"] = "update patch" },
        ["kubecontainers-admin"] = new() { ["managedcontainers"] = Write, ["managedcontainers/scale"] = "update patch" },
        ["kubecontainers-plan-reader"] = new() { ["containerplans"] = "get list watch" },
    };

    /// <summary>Built-in roles each one feeds, the labels cert-manager's and Argo Rollouts' charts use: view's
    /// reads reach edit and admin too, edit's writes reach admin.</summary>
    private static readonly Dictionary<string, string[]> AggregatesTo = new()
    {
        ["kubecontainers-view"] = ["view", "edit", "admin"],
        ["kubecontainers-edit"] = ["edit", "admin"],
        ["kubecontainers-admin"] = ["admin"],
        ["kubecontainers-plan-reader"] = [],
    };

    public static TheoryData<string> Sources => ["chart", "config/rbac"];

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task Each_tenant_role_grants_exactly_its_rules(string source)
    {
        var roles = TenantRoles(await RbacTests.RbacObjectsAsync(source));

        roles.Keys.ShouldBe(Rules.Keys, ignoreOrder: true);
        foreach (var (name, expected) in Rules)
        {
            var role = roles[name];
            RbacTests.ShouldBeSafe(role);
            role["aggregationRule"].ShouldBeNull(name);
            var granted = RbacTests.Grants(role).Select(g => $"{g.Group} {g.Resource} {g.Verb} {g.ResourceName}").ToList();
            var wanted = expected.SelectMany(r => r.Value.Split(' ').Select(v => $"{Group} {r.Key} {v} *")).ToList();
            granted.ShouldBe(wanted, ignoreOrder: true, $"{source}: {name}");
        }
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task Tenant_roles_aggregate_into_view_edit_and_admin_and_no_further(string source)
    {
        var roles = TenantRoles(await RbacTests.RbacObjectsAsync(source));

        foreach (var (name, builtIns) in AggregatesTo)
        {
            var labels = roles[name]["metadata"]!["labels"] as JsonObject ?? [];
            labels.Where(l => l.Key.StartsWith(Aggregate, StringComparison.Ordinal))
                .Select(l => $"{l.Key[Aggregate.Length..]}={l.Value!.GetValue<string>()}")
                .ShouldBe(builtIns.Select(b => $"{b}=true"), ignoreOrder: true, $"{source}: {name}");
        }
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task No_tenant_role_writes_plans_and_every_authenticated_user_reads_them(string source)
    {
        var objects = await RbacTests.RbacObjectsAsync(source);

        TenantRoles(objects).Values.SelectMany(RbacTests.Grants)
            .Where(g => g.Resource.StartsWith("containerplans", StringComparison.Ordinal))
            .Select(g => g.Verb).Distinct().ShouldBe(["get", "list", "watch"], ignoreOrder: true);
        var binding = objects.OfKind("ClusterRoleBinding").Single(b => b["metadata"]!["name"]!.GetValue<string>() == "kubecontainers-plan-reader");
        binding["roleRef"]!["name"]!.GetValue<string>().ShouldBe("kubecontainers-plan-reader");
        var subject = binding["subjects"]!.AsArray().ShouldHaveSingleItem()!;
        $"{subject["kind"]} {subject["name"]}".ShouldBe("Group system:authenticated");
    }

    [Fact]
    public async Task Kustomize_ships_what_the_chart_renders()
    {
        var chart = TenantRoles(await RbacTests.RbacObjectsAsync("chart"));
        var kustomize = TenantRoles(await RbacTests.RbacObjectsAsync("config/rbac"));

        foreach (var name in Names)
        {
            JsonNode.DeepEquals(chart[name]["rules"], kustomize[name]["rules"]).ShouldBeTrue($"{name}: config/rbac/tenant_roles.yaml drifted from the chart's templates/tenant-roles.yaml");
        }
    }

    [Fact]
    public async Task Chart_values_turn_the_tenant_roles_and_the_plan_reader_binding_off()
    {
        var off = await Helm.TemplateAsync("--set=rbac.tenantRoles=false");
        var noBinding = await Helm.TemplateAsync("--set-json=rbac.planReaderGroups=[]");
        var tenants = await Helm.TemplateAsync("--set-json=rbac.planReaderGroups=[\"tenants\",\"auditors\"]");

        off.Where(IsTenantObject).ShouldBeEmpty();
        noBinding.Where(IsTenantObject).Select(Manifests.Kind).ShouldBe(["ClusterRole", "ClusterRole", "ClusterRole", "ClusterRole"]);
        tenants.OfKind("ClusterRoleBinding").Single(IsTenantObject)["subjects"]!.AsArray()
            .Select(s => $"{s!["kind"]} {s["name"]}").ShouldBe(["Group tenants", "Group auditors"]);
        (await Helm.TryTemplateAsync("--set-json=rbac.planReaderGroups=[\"\"]")).ExitCode.ShouldNotBe(0, "the schema refuses an empty group name");
    }

    private static bool IsTenantObject(JsonObject o) => Names.Contains(o["metadata"]!["name"]!.GetValue<string>());

    private static Dictionary<string, JsonObject> TenantRoles(IEnumerable<JsonObject> objects) =>
        objects.OfKind("ClusterRole").Where(IsTenantObject).ToDictionary(r => r["metadata"]!["name"]!.GetValue<string>());
}
