using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Tests.Support;

namespace KubeContainers.LocalCluster.Tests.Conformance;

/// <summary>
/// Roles and aggregated ClusterRoles as kube-apiserver 1.31 and kube-controller-manager take them: rbac/v1 validation
/// (a role it refuses is refused here, with its words), the bootstrap view, edit and admin filled by aggregation
/// selector by selector, and the aggregationRule guarded on its way out as on its way in.
/// </summary>
[ClusterTest]
public sealed class RbacRoleConformanceTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private Kubectl Admin => fixture.Kubectl;

    private static string Suffix() => Guid.NewGuid().ToString("N")[..6];

    [Fact]
    public async Task Roles_the_apiserver_refuses_are_refused_with_its_messages()
    {
        var s = Suffix();
        (await Admin.RunAsync("apply -f -", $$$"""
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"empty-{{{s}}}"},"aggregationRule":{"clusterRoleSelectors":[]}}
            """)).ShouldFail().Stderr.Trim().ShouldBe(
            $"The ClusterRole \"empty-{s}\" is invalid: aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil");
        var selector = (await Admin.RunAsync("apply -f -", $$$"""
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"selector-{{{s}}}"},
             "aggregationRule":{"clusterRoleSelectors":[{"matchExpressions":[{"key":"tier","operator":"In"}]}]}}
            """)).ShouldFail().Stderr;
        selector.ShouldContain("aggregationRule.clusterRoleSelectors[0].matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'");
        selector.ShouldContain("aggregationRule.clusterRoleSelectors[0]: Invalid value: \"null\": invalid label selector.");
        var rules = (await Admin.RunAsync("apply -f -", $$$"""
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"rules-{{{s}}}"},
             "rules":[{"apiGroups":[""],"resources":["pods"],"verbs":[]},{"resources":["pods"],"verbs":["get"]},
                      {"nonResourceURLs":["/healthz"],"apiGroups":[""],"verbs":["get"]}]}
            """)).ShouldFail().Stderr;
        rules.ShouldContain("rules[0].verbs: Required value: verbs must contain at least one value");
        rules.ShouldContain("rules[1].apiGroups: Required value: resource rules must supply at least one api group");
        rules.ShouldContain("rules[2].nonResourceURLs: Invalid value: []string{\"/healthz\"}: rules cannot apply to both regular resources and non-resource URLs");
        (await Admin.RunAsync("apply -f -", """
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"health","namespace":"default"},
             "rules":[{"nonResourceURLs":["/healthz"],"verbs":["get"]}]}
            """)).ShouldFail().Stderr.Trim().ShouldBe(
            "The Role \"health\" is invalid: rules[0].nonResourceURLs: Invalid value: []string{\"/healthz\"}: namespaced rules cannot apply to non-resource URLs");
        (await Admin.RunAsync($"get clusterroles empty-{s} selector-{s} rules-{s}")).ShouldFail();
    }

    [Fact]
    public async Task The_bootstrap_user_facing_roles_aggregate_and_chain_view_into_edit_into_admin()
    {
        const string Aggregate = "rbac.authorization.k8s.io/aggregate-to-";
        foreach (var (role, feeds) in new[] { ("view", new[] { "edit" }), ("edit", ["admin"]), ("admin", []) })
        {
            var json = JsonNode.Parse((await Admin.RunAsync($"get clusterrole {role} -o json")).ShouldSucceed().Stdout)!;
            json["aggregationRule"]!["clusterRoleSelectors"]!.ToJsonString().ShouldBe($"[{{\"matchLabels\":{{\"{Aggregate}{role}\":\"true\"}}}}]");
            var labels = json["metadata"]!["labels"]!.AsObject();
            labels["kubernetes.io/bootstrapping"]!.GetValue<string>().ShouldBe("rbac-defaults");
            labels.Where(l => l.Key.StartsWith(Aggregate, StringComparison.Ordinal)).Select(l => $"{l.Key[Aggregate.Length..]}={l.Value}")
                .ShouldBe(feeds.Select(f => $"{f}=true"), role);
        }

        // A new role labelled for view only reaches edit and admin through view's own labels, as upstream.
        var s = Suffix();
        (await Admin.RunAsync("apply -f -", $$$"""
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"widgets-{{{s}}}","labels":{"rbac.authorization.k8s.io/aggregate-to-view":"true"}},
             "rules":[{"apiGroups":["example.com"],"resources":["widgets{{{s}}}"],"verbs":["get"]}]}
            """)).ShouldSucceed();
        try
        {
            foreach (var role in new[] { "view", "edit", "admin" })
            {
                await Eventually.Returns(async () => (await Admin.RunAsync($"get clusterrole {role} -o jsonpath={{.rules}}")).ShouldSucceed().Stdout,
                    r => r.Contains($"widgets{s}", StringComparison.Ordinal), $"{role} gathers the new rule");
            }
        }
        finally
        {
            await Admin.RunAsync($"delete clusterrole widgets-{s}");
        }

        foreach (var role in new[] { "view", "edit", "admin" })
        {
            await Eventually.Returns(async () => (await Admin.RunAsync($"get clusterrole {role} -o jsonpath={{.rules}}")).ShouldSucceed().Stdout,
                r => !r.Contains($"widgets{s}", StringComparison.Ordinal), $"{role} drops the deleted role's rule");
        }
    }

    [Fact]
    public async Task Aggregated_rules_come_selector_by_selector_each_in_name_order()
    {
        var s = Suffix();
        foreach (var role in new[]
        {
            $$$"""{"metadata":{"name":"a-{{{s}}}","labels":{"second-{{{s}}}":"true"}},"rules":[{"apiGroups":["batch"],"resources":["jobs"],"verbs":["get"]}]}""",
            $$$"""{"metadata":{"name":"z-{{{s}}}","labels":{"first-{{{s}}}":"true"}},"rules":[{"apiGroups":["apps"],"resources":["deployments"],"verbs":["get"]}]}""",
            $$$"""{"metadata":{"name":"both-{{{s}}}"},"aggregationRule":{"clusterRoleSelectors":[{"matchLabels":{"first-{{{s}}}":"true"}},{"matchLabels":{"second-{{{s}}}":"true"}}]}}""",
        })
        {
            (await Admin.RunAsync("apply -f -", """{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole",""" + role[1..])).ShouldSucceed();
        }

        try
        {
            // z- matches the first selector, so its rule comes first although a- sorts before it.
            var rules = await Eventually.Returns(
                async () => (await Admin.RunAsync($"get clusterrole both-{s} -o jsonpath={{.rules[*].resources[0]}}")).ShouldSucceed().Stdout,
                r => r.Split(' ').Length == 2, "both rules gathered");
            rules.ShouldBe("deployments jobs");
        }
        finally
        {
            await Admin.RunAsync($"delete clusterrole a-{s} z-{s} both-{s}");
        }
    }

    [Fact]
    public async Task Removing_an_aggregation_rule_needs_cluster_admin_too()
    {
        var s = Suffix();
        var ns = await fixture.NamespaceAsync("unaggregate");
        (await Admin.RunAsync($"create serviceaccount bot -n {ns}")).ShouldSucceed();
        var bot = await fixture.KubectlWithTokenAsync((await Admin.RunAsync($"create token bot -n {ns} --duration 1h")).ShouldSucceed().Stdout.Trim());
        (await Admin.RunAsync("apply -f -", $$$"""
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"gathers-nothing-{{{s}}}"},
             "aggregationRule":{"clusterRoleSelectors":[{"matchLabels":{"nothing-{{{s}}}":"true"}}]}}
            """)).ShouldSucceed();
        (await Admin.RunAsync($"create clusterrole role-editor-{s} --verb=get,update,patch --resource=clusterroles.rbac.authorization.k8s.io")).ShouldSucceed();
        (await Admin.RunAsync($"create clusterrolebinding role-editor-{s} --clusterrole=role-editor-{s} --serviceaccount={ns}:bot")).ShouldSucceed();
        try
        {
            // The new object holds no aggregationRule and no rules, which alone anyone may write; the stored one's
            // aggregationRule is what needs * on *.*: without it the role could no longer be tightened by the controller.
            (await bot.RunAsync($"patch clusterrole gathers-nothing-{s} --type json -p '[{{\"op\":\"remove\",\"path\":\"/aggregationRule\"}}]'"))
                .ShouldFail().Stderr.Trim().ShouldBe(
                    $"Error from server (Forbidden): clusterroles.rbac.authorization.k8s.io \"gathers-nothing-{s}\" is forbidden: must have cluster-admin privileges to use the aggregationRule");
            (await Admin.RunAsync($"get clusterrole gathers-nothing-{s} -o jsonpath={{.aggregationRule.clusterRoleSelectors[0].matchLabels}}")).ShouldSucceed()
                .Stdout.ShouldContain($"nothing-{s}");
        }
        finally
        {
            await Admin.RunAsync($"delete clusterrolebinding role-editor-{s}");
            await Admin.RunAsync($"delete clusterrole role-editor-{s} gathers-nothing-{s}");
        }
    }
}
