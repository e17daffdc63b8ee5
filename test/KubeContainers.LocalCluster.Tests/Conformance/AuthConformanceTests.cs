using System.Net;
using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Tests.Support;

namespace KubeContainers.LocalCluster.Tests.Conformance;

/// <summary>
/// Authentication and RBAC with the real kubectl: <c>create token</c>, 401 for a bad token, 403 with the apiserver's
/// message until a binding grants the request, <c>auth can-i</c> (with <c>--as</c>, <c>--subresource</c>, <c>-A</c>),
/// <c>auth whoami</c>, impersonation, ClusterRole aggregation and the bootstrap <c>view</c> role.
/// </summary>
[ClusterTest]
public sealed class AuthConformanceTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private Kubectl Admin => fixture.Kubectl;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(string Ns, Kubectl Bot)> ServiceAccountAsync(string prefix)
    {
        var ns = await fixture.NamespaceAsync(prefix);
        (await Admin.RunAsync($"create serviceaccount bot -n {ns}")).ShouldSucceed();
        var token = (await Admin.RunAsync($"create token bot -n {ns} --duration 24h")).ShouldSucceed().Stdout.Trim();
        var bot = await fixture.KubectlWithTokenAsync(token);
        // Discovery is open to every authenticated user (system:discovery); it also fills this kubectl's cache, so a
        // later refused request shows the apiserver's message rather than a failed discovery.
        (await bot.RunAsync("api-resources -o name")).ShouldSucceed().Stdout.ShouldContain("deployments.apps");
        return (ns, bot);
    }

    [Fact]
    public async Task A_service_account_token_is_denied_with_the_apiservers_message_until_a_role_binding_grants_it()
    {
        var (ns, bot) = await ServiceAccountAsync("token");
        var user = $"system:serviceaccount:{ns}:bot";
        (await Admin.RunAsync($"create configmap settings -n {ns} --from-literal=a=b")).ShouldSucceed();

        (await bot.RunAsync($"get configmaps -n {ns}")).ShouldFail().Stderr.Trim().ShouldBe(
            $"Error from server (Forbidden): configmaps is forbidden: User \"{user}\" cannot list resource \"configmaps\" in API group \"\" in the namespace \"{ns}\"");
        (await bot.RunAsync("get nodes")).ShouldFail().Stderr.ShouldContain(
            $"nodes is forbidden: User \"{user}\" cannot list resource \"nodes\" in API group \"\" at the cluster scope");

        (await Admin.RunAsync($"create role cm-reader -n {ns} --verb=get,list,watch --resource=configmaps")).ShouldSucceed();
        (await Admin.RunAsync($"create rolebinding bot-reads -n {ns} --role=cm-reader --serviceaccount={ns}:bot")).ShouldSucceed();

        (await bot.RunAsync($"get configmap settings -n {ns} -o jsonpath={{.data.a}}")).ShouldSucceed().Stdout.ShouldBe("b");
        (await bot.RunAsync($"delete configmap settings -n {ns}")).ShouldFail().Stderr.ShouldContain(
            $"configmaps \"settings\" is forbidden: User \"{user}\" cannot delete resource \"configmaps\" in API group \"\" in the namespace \"{ns}\"");
        (await bot.RunAsync("auth whoami -o json")).ShouldSucceed().Stdout.ShouldContain($"\"username\": \"{user}\"");
    }

    [Fact]
    public async Task A_status_patch_needs_the_status_subresource_in_the_role()
    {
        var (ns, bot) = await ServiceAccountAsync("status");
        var user = $"system:serviceaccount:{ns}:bot";
        (await Admin.RunAsync($"create deployment web -n {ns} --image=nginx")).ShouldSucceed();
        (await Admin.RunAsync($"create role deployer -n {ns} --verb=get,patch --resource=deployments.apps")).ShouldSucceed();
        (await Admin.RunAsync($"create rolebinding bot-deploys -n {ns} --role=deployer --serviceaccount={ns}:bot")).ShouldSucceed();
        const string patch = """--type merge -p '{"status":{"observedGeneration":1}}'""";

        // kubectl patch reads the subresource first.
        (await bot.RunAsync($"patch deployment web -n {ns} --subresource=status {patch}")).ShouldFail().Stderr.Trim().ShouldBe(
            $"Error from server (Forbidden): deployments.apps \"web\" is forbidden: User \"{user}\" cannot get resource \"deployments/status\" in API group \"apps\" in the namespace \"{ns}\"");
        (await Admin.RunAsync($"auth can-i patch deployments --subresource=status -n {ns} --as {user}")).ShouldFail().Stdout.Trim().ShouldBe("no");

        (await Admin.RunAsync($"create role status-writer -n {ns} --verb=get,patch --resource=deployments.apps/status")).ShouldSucceed();
        (await Admin.RunAsync($"create rolebinding bot-writes-status -n {ns} --role=status-writer --serviceaccount={ns}:bot")).ShouldSucceed();
        (await Admin.RunAsync($"auth can-i patch deployments --subresource=status -n {ns} --as {user}")).ShouldSucceed().Stdout.Trim().ShouldBe("yes");
        (await bot.RunAsync($"patch deployment web -n {ns} --subresource=status {patch}")).ShouldSucceed();
    }

    [Fact]
    public async Task Kubectl_auth_can_i_tells_the_truth()
    {
        var (ns, bot) = await ServiceAccountAsync("cani");
        var user = $"system:serviceaccount:{ns}:bot";
        (await Admin.RunAsync("auth can-i '*' '*'")).ShouldSucceed().Stdout.Trim().ShouldBe("yes");
        (await Admin.RunAsync($"auth can-i list pods -n {ns} --as {user}")).ShouldFail().Stdout.Trim().ShouldBe("no");
        (await bot.RunAsync($"auth can-i list pods -n {ns}")).ShouldFail().Stdout.Trim().ShouldBe("no");

        (await Admin.RunAsync($"create rolebinding bot-views -n {ns} --clusterrole=view --serviceaccount={ns}:bot")).ShouldSucceed();

        (await Admin.RunAsync($"auth can-i list pods -n {ns} --as {user}")).ShouldSucceed().Stdout.Trim().ShouldBe("yes");
        (await bot.RunAsync($"auth can-i watch deployments.apps -n {ns}")).ShouldSucceed().Stdout.Trim().ShouldBe("yes");
        (await bot.RunAsync($"auth can-i list pods -A")).ShouldFail().Stdout.Trim().ShouldBe("no");
        (await bot.RunAsync($"auth can-i get secrets -n {ns}")).ShouldFail().Stdout.Trim().ShouldBe("no");
        (await bot.RunAsync($"auth can-i create configmaps -n {ns}")).ShouldFail().Stdout.Trim().ShouldBe("no");
        var rules = (await bot.RunAsync($"auth can-i --list -n {ns}")).ShouldSucceed().Stdout;
        rules.ShouldContain("selfsubjectaccessreviews.authorization.k8s.io");
        rules.ShouldContain("deployments.apps");
    }

    [Fact]
    public async Task Impersonation_needs_the_impersonate_verb()
    {
        var (ns, bot) = await ServiceAccountAsync("imp");
        var user = $"system:serviceaccount:{ns}:bot";
        (await bot.RunAsync($"get pods -n {ns} --as alice")).ShouldFail().Stderr.Trim().ShouldBe(
            $"Error from server (Forbidden): users \"alice\" is forbidden: User \"{user}\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope");

        var role = $"impersonator-{ns}";
        (await Admin.RunAsync($"create clusterrole {role} --verb=impersonate --resource=users --resource-name=alice")).ShouldSucceed();
        (await Admin.RunAsync($"create clusterrolebinding {role} --clusterrole={role} --serviceaccount={ns}:bot")).ShouldSucceed();
        try
        {
            var whoami = JsonNode.Parse((await bot.RunAsync("auth whoami --as alice -o json")).ShouldSucceed().Stdout)!;
            whoami["status"]!["userInfo"]!["username"]!.GetValue<string>().ShouldBe("alice");
            whoami["status"]!["userInfo"]!["groups"]!.AsArray().Select(g => g!.GetValue<string>()).ShouldBe(["system:authenticated"]);
            (await bot.RunAsync($"get pods -n {ns} --as alice")).ShouldFail().Stderr.ShouldContain(
                $"pods is forbidden: User \"alice\" cannot list resource \"pods\" in API group \"\" in the namespace \"{ns}\"");
            (await bot.RunAsync("get pods --as bob")).ShouldFail().Stderr.ShouldContain("users \"bob\" is forbidden");
            (await bot.RunAsync("get pods --as alice --as-group system:masters")).ShouldFail().Stderr.ShouldContain(
                $"groups \"system:masters\" is forbidden: User \"{user}\" cannot impersonate resource \"groups\" in API group \"\" at the cluster scope");

            // The admin (system:masters) may impersonate anyone; the impersonated user has only its own rights.
            (await Admin.RunAsync($"get pods -n {ns} --as carol --as-group system:masters")).ShouldSucceed();
            (await Admin.RunAsync($"auth can-i list pods -n {ns} --as carol")).ShouldFail().Stdout.Trim().ShouldBe("no");
        }
        finally
        {
            await Admin.RunAsync($"delete clusterrolebinding {role}");
            await Admin.RunAsync($"delete clusterrole {role}");
        }
    }

    [Fact]
    public async Task A_bad_or_missing_token_is_401_and_health_stays_open()
    {
        var stranger = await fixture.KubectlWithTokenAsync("not-a-token");
        (await stranger.RunAsync("get pods")).ShouldFail().Stderr.ShouldEndWith(
            "error: You must be logged in to the server (the server has asked for the client to provide credentials)\n");

        using var anonymous = fixture.Cluster.CreateHttpClient(null);
        using var response = await anonymous.GetAsync(new Uri("/api/v1/namespaces", UriKind.Relative), Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync(Ct)).ShouldBe(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","details":null,"code":401}""");
        (await anonymous.GetStringAsync(new Uri("/healthz", UriKind.Relative), Ct)).ShouldBe("ok");
        (await anonymous.GetStringAsync(new Uri("/version", UriKind.Relative), Ct)).ShouldContain("gitVersion");
        (await Admin.RunAsync("create token missing -n default")).ShouldFail().Stderr.Trim()
            .ShouldBe("error: failed to create token: serviceaccounts \"missing\" not found");
    }

    [Fact]
    public async Task An_aggregated_cluster_role_picks_up_the_rules_of_matching_roles()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var label = $"example.com/aggregate-to-{suffix}";
        (await Admin.RunAsync("apply -f -", $$$"""
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"gathered-{{{suffix}}}"},
             "aggregationRule":{"clusterRoleSelectors":[{"matchLabels":{"{{{label}}}":"true"}}]}}
            """)).ShouldSucceed();
        (await Admin.RunAsync("apply -f -", $$$"""
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"part-{{{suffix}}}","labels":{"{{{label}}}":"true"}},
             "rules":[{"apiGroups":["batch"],"resources":["jobs"],"verbs":["get","list"]}]}
            """)).ShouldSucceed();
        try
        {
            var rules = await Eventually.Returns(
                async () => (await Admin.RunAsync($"get clusterrole gathered-{suffix} -o jsonpath={{.rules}}")).ShouldSucceed().Stdout,
                r => r.Contains("jobs", StringComparison.Ordinal), "the aggregated role gathers the rule");
            JsonNode.DeepEquals(JsonNode.Parse(rules), JsonNode.Parse("""[{"apiGroups":["batch"],"resources":["jobs"],"verbs":["get","list"]}]""")).ShouldBeTrue(rules);
            (await Admin.RunAsync($"create clusterrolebinding gathered-{suffix} --clusterrole=gathered-{suffix} --user=grace")).ShouldSucceed();
            (await Admin.RunAsync("auth can-i list jobs.batch -A --as grace")).ShouldSucceed().Stdout.Trim().ShouldBe("yes");
        }
        finally
        {
            await Admin.RunAsync($"delete clusterrolebinding gathered-{suffix} --ignore-not-found");
            await Admin.RunAsync($"delete clusterrole gathered-{suffix} part-{suffix}");
        }
    }

    [Fact]
    public async Task Kubectl_get_as_a_user_bound_to_view()
    {
        var ns = await fixture.NamespaceAsync("view");
        (await Admin.RunAsync($"create deployment web -n {ns} --image=nginx")).ShouldSucceed();
        (await Admin.RunAsync($"create secret generic creds -n {ns} --from-literal=k=v")).ShouldSucceed();
        (await Admin.RunAsync($"create rolebinding henry-views -n {ns} --clusterrole=view --user=henry")).ShouldSucceed();

        (await Admin.RunAsync($"get deployments,configmaps,serviceaccounts -n {ns} --as henry -o name")).ShouldSucceed().Stdout.ShouldContain("deployment.apps/web");
        (await Admin.RunAsync($"get secrets -n {ns} --as henry")).ShouldFail().Stderr.ShouldContain(
            $"secrets is forbidden: User \"henry\" cannot list resource \"secrets\" in API group \"\" in the namespace \"{ns}\"");
        (await Admin.RunAsync($"scale deployment web -n {ns} --replicas=2 --as henry")).ShouldFail().Stderr.ShouldContain(
            $"cannot patch resource \"deployments/scale\" in API group \"apps\" in the namespace \"{ns}\"");
        (await Admin.RunAsync("get pods -A --as henry")).ShouldFail().Stderr.ShouldContain("at the cluster scope");
    }

    [Fact]
    public async Task A_namespace_admin_may_grant_only_what_it_holds()
    {
        var (ns, bot) = await ServiceAccountAsync("escalate");
        var user = $"system:serviceaccount:{ns}:bot";
        (await Admin.RunAsync($"create rolebinding bot-admin -n {ns} --clusterrole=admin --serviceaccount={ns}:bot")).ShouldSucceed();

        (await bot.RunAsync($"create role pod-reader -n {ns} --verb=get,list --resource=pods")).ShouldSucceed();
        (await bot.RunAsync($"create rolebinding viewers -n {ns} --clusterrole=view --group=viewers")).ShouldSucceed();
        (await bot.RunAsync($"create role node-reader -n {ns} --verb=get,list --resource=nodes,pods")).ShouldFail().Stderr.Trim().ShouldBe(
            $"Error from server (Forbidden): roles.rbac.authorization.k8s.io \"node-reader\" is forbidden: user \"{user}\" " +
            $"(groups=[\"system:serviceaccounts\" \"system:serviceaccounts:{ns}\" \"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:\n" +
            "{APIGroups:[\"\"], Resources:[\"nodes\"], Verbs:[\"get\" \"list\"]}");
        (await bot.RunAsync($"create rolebinding admins -n {ns} --clusterrole=cluster-admin --group=admins")).ShouldFail().Stderr
            .ShouldContain($"rolebindings.rbac.authorization.k8s.io \"admins\" is forbidden: user \"{user}\"");
        (await bot.RunAsync($"patch role pod-reader -n {ns} --type json -p '[{{\"op\":\"add\",\"path\":\"/rules/-\",\"value\":{{\"apiGroups\":[\"\"],\"resources\":[\"nodes\"],\"verbs\":[\"get\"]}}}}]'"))
            .ShouldFail().Stderr.ShouldContain("{APIGroups:[\"\"], Resources:[\"nodes\"], Verbs:[\"get\"]}");

        // With verb bind on cluster-admin, the binding is allowed without holding its rules.
        (await Admin.RunAsync($"create role binder -n {ns} --verb=bind --resource=clusterroles.rbac.authorization.k8s.io --resource-name=cluster-admin")).ShouldSucceed();
        (await Admin.RunAsync($"create rolebinding bot-binds -n {ns} --role=binder --serviceaccount={ns}:bot")).ShouldSucceed();
        (await bot.RunAsync($"create rolebinding admins -n {ns} --clusterrole=cluster-admin --group=admins")).ShouldSucceed();
    }
}
