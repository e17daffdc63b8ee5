using System.Text.Json.Nodes;

namespace KubeContainers.Operator.Tests.WholeSystem;

/// <summary>
/// The shipped tenant roles (config/rbac/tenant_roles.yaml, applied as the file is) on a cluster that enforces RBAC
/// as kube-apiserver does, with the real operator running: a user whom a RoleBinding makes <c>edit</c> of one
/// namespace manages ManagedContainers there and nowhere else, reads plans and cannot change them; a <c>view</c>
/// user reads and cannot write. The users are ServiceAccounts with their own token, so kubectl authenticates as them
/// (groups system:serviceaccounts and system:authenticated included) rather than impersonating.
/// </summary>
[ClusterTest]
public sealed class TenantRoleSystemTests(OperatorCluster cluster) : IClassFixture<OperatorCluster>, IAsyncLifetime
{
    private const string Api = "API group \"kubecontainers.io\"";
    private const string Spec = "  image: example.com/app:1\n  port: 8080\n";

    private readonly DirectoryInfo kubectlCache = Directory.CreateTempSubdirectory("kubecontainers-tenant-kubectl-");

    public async ValueTask InitializeAsync() =>
        (await cluster.Kubectl.RunAsync($"apply -f {RepoPaths.File("config/rbac/tenant_roles.yaml")}")).ShouldSucceed();

    public ValueTask DisposeAsync()
    {
        kubectlCache.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task An_editor_of_one_namespace_runs_containers_there_and_nowhere_else()
    {
        var (a, b) = (await cluster.NamespaceAsync("tenant-a"), await cluster.NamespaceAsync("tenant-b"));
        var (user, editor) = await UserAsync("editor");
        (await cluster.Kubectl.RunAsync($"create rolebinding editors -n {a} --clusterrole=edit --serviceaccount={Account(user)}")).ShouldSucceed();
        // The aggregation controller fills edit from kubecontainers-edit and -view: the grant shows once it has.
        await Eventually.Returns(async () => (await editor.RunAsync($"auth can-i create managedcontainers.kubecontainers.io -n {a}")).Stdout.Trim(),
            answer => answer == "yes", "edit gathers the tenant roles", TimeSpan.FromSeconds(30));

        (await editor.RunAsync($"apply -n {a} -f -", KubeContainers.WholeSystem.ManagedContainers.Manifest("web", Spec))).ShouldSucceed();
        await cluster.WaitReadyAsync(a, "web");
        (await editor.RunAsync($"scale mc/web -n {a} --replicas 2")).ShouldSucceed().Stdout.Trim().ShouldBe("managedcontainer.kubecontainers.io/web scaled");
        await Eventually.Returns(async () => (await editor.RunAsync($"get mc web -n {a} -o jsonpath={{.status.replicas}}")).ShouldSucceed().Stdout,
            replicas => replicas == "2", "two replicas after kubectl scale", TimeSpan.FromSeconds(60));
        (await editor.RunAsync($"get mc web -n {a} --subresource=status -o jsonpath={{.status.phase}}")).ShouldSucceed();

        // kubectl apply reads the object first: in B that read is what the apiserver refuses.
        (await editor.RunAsync($"apply -n {b} -f -", KubeContainers.WholeSystem.ManagedContainers.Manifest("web", Spec))).ShouldFail().Stderr.ShouldContain(
            $"managedcontainers.kubecontainers.io \"web\" is forbidden: User \"{user}\" cannot get resource \"managedcontainers\" in {Api} in the namespace \"{b}\"");
        (await editor.RunAsync($"create -n {b} -f -", KubeContainers.WholeSystem.ManagedContainers.Manifest("web", Spec))).ShouldFail().Stderr.ShouldContain(
            $"managedcontainers.kubecontainers.io is forbidden: User \"{user}\" cannot create resource \"managedcontainers\" in {Api} in the namespace \"{b}\"");
        // Status is the operator's, even in A.
        (await editor.RunAsync($"patch mc web -n {a} --subresource=status --type merge -p '{{\"status\":{{\"phase\":\"Failed\"}}}}'")).ShouldFail().Stderr.ShouldContain(
            $"cannot patch resource \"managedcontainers/status\" in {Api} in the namespace \"{a}\"");
        (await editor.RunAsync($"delete mc web -n {a} --wait=false")).ShouldSucceed();
    }

    [Fact]
    public async Task Tenants_read_plans_and_only_cluster_admins_change_them()
    {
        var (a, c) = (await cluster.NamespaceAsync("tenant-plan"), await cluster.NamespaceAsync("tenant-admin"));
        var plan = $"plan-{Guid.NewGuid().ToString("N")[..6]}";
        (await cluster.Kubectl.RunAsync("apply -f -", $"apiVersion: kubecontainers.io/v1alpha1\nkind: ContainerPlan\nmetadata:\n  name: {plan}\nspec:\n  limits:\n    maxReplicas: 3\n")).ShouldSucceed();
        var (user, editor) = await UserAsync("planner");
        (await cluster.Kubectl.RunAsync($"create rolebinding editors -n {a} --clusterrole=edit --serviceaccount={Account(user)}")).ShouldSucceed();
        (await cluster.Kubectl.RunAsync($"create rolebinding admins -n {c} --clusterrole=admin --serviceaccount={Account(user)}")).ShouldSucceed();
        await Eventually.Returns(async () => (await editor.RunAsync($"auth can-i create roles -n {c}")).Stdout.Trim(),
            answer => answer == "yes", "admin gathers its rules", TimeSpan.FromSeconds(30));

        (await editor.RunAsync($"get plan {plan} -o name")).ShouldSucceed().Stdout.Trim().ShouldBe($"containerplan.kubecontainers.io/{plan}");
        (await editor.RunAsync("get containerplans -o name")).ShouldSucceed().Stdout.ShouldContain(plan);
        (await editor.RunAsync($"patch plan {plan} --type merge -p '{{\"spec\":{{\"limits\":{{\"maxReplicas\":30}}}}}}'")).ShouldFail().Stderr.Trim().ShouldBe(
            $"Error from server (Forbidden): containerplans.kubecontainers.io \"{plan}\" is forbidden: User \"{user}\" cannot patch resource \"containerplans\" in {Api} at the cluster scope");
        (await editor.RunAsync($"delete plan {plan}")).ShouldFail().Stderr.Trim().ShouldBe(
            $"Error from server (Forbidden): containerplans.kubecontainers.io \"{plan}\" is forbidden: User \"{user}\" cannot delete resource \"containerplans\" in {Api} at the cluster scope");
        // Not through the namespace either: a namespace admin cannot grant itself what the cluster scope needs.
        (await editor.RunAsync($"create role plans -n {c} --verb=patch --resource=containerplans.kubecontainers.io")).ShouldFail().Stderr
            .ShouldContain("is attempting to grant RBAC permissions not currently held");
        (await cluster.Kubectl.RunAsync($"get plan {plan} -o jsonpath={{.spec.limits.maxReplicas}}")).ShouldSucceed().Stdout.ShouldBe("3");
    }

    [Fact]
    public async Task A_viewer_reads_containers_and_cannot_create_scale_or_delete_them()
    {
        var a = await cluster.NamespaceAsync("tenant-view");
        await cluster.ApplyAsync(a, "web", Spec);
        var (user, viewer) = await UserAsync("viewer");
        (await cluster.Kubectl.RunAsync($"create rolebinding viewers -n {a} --clusterrole=view --serviceaccount={Account(user)}")).ShouldSucceed();

        await Eventually.Returns(async () => await viewer.RunAsync($"get mc web -n {a} -o name"),
            r => r.ExitCode == 0, "view gathers kubecontainers-view", TimeSpan.FromSeconds(30));
        (await viewer.RunAsync($"get mc web -n {a} --subresource=scale -o jsonpath={{.spec.replicas}}")).ShouldSucceed().Stdout.ShouldBe("1");
        (await viewer.RunAsync($"apply -n {a} -f -", KubeContainers.WholeSystem.ManagedContainers.Manifest("other", Spec))).ShouldFail().Stderr.ShouldContain(
            $"managedcontainers.kubecontainers.io is forbidden: User \"{user}\" cannot create resource \"managedcontainers\" in {Api} in the namespace \"{a}\"");
        (await viewer.RunAsync($"scale mc/web -n {a} --replicas 2")).ShouldFail().Stderr.ShouldContain(
            $"cannot patch resource \"managedcontainers/scale\" in {Api} in the namespace \"{a}\"");
        (await viewer.RunAsync($"delete mc web -n {a}")).ShouldFail().Stderr.ShouldContain(
            $"cannot delete resource \"managedcontainers\" in {Api} in the namespace \"{a}\"");
    }

    /// <summary>NAMESPACE:NAME of a ServiceAccount's user name, as kubectl create rolebinding --serviceaccount takes it.</summary>
    private static string Account(string user) => user["system:serviceaccount:".Length..];

    /// <summary>A ServiceAccount in a namespace of its own (so its namespace grants it nothing), and kubectl with its
    /// token. Returns the user name the apiserver sees.</summary>
    private async Task<(string User, Kubectl Kubectl)> UserAsync(string name)
    {
        var home = await cluster.NamespaceAsync("users");
        (await cluster.Kubectl.RunAsync($"create serviceaccount {name} -n {home}")).ShouldSucceed();
        var token = (await cluster.Kubectl.RunAsync($"create token {name} -n {home} --duration 1h")).ShouldSucceed().Stdout.Trim();
        var config = JsonNode.Parse(await File.ReadAllTextAsync(cluster.Cluster.KubeconfigPath))!.AsObject();
        foreach (var entry in config["users"]!.AsArray())
        {
            entry!["user"] = new JsonObject { ["token"] = token };
        }

        var path = Path.Combine(kubectlCache.FullName, $"{home}-{name}.kubeconfig");
        await File.WriteAllTextAsync(path, config.ToJsonString());
        return ($"system:serviceaccount:{home}:{name}", new Kubectl(path, Path.Combine(kubectlCache.FullName, "cache")));
    }
}
