using k8s;
using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.Tests.Support;

namespace KubeContainers.Operator.Tests.WholeSystem;

/// <summary>
/// Plans with the real operator as its ServiceAccount: namespaces on different ContainerPlans, totals enforced in
/// status first come first served, room made by a deletion or a larger plan, a plan that does not exist, the plan's
/// defaults, and the plan's status. Plans are cluster-scoped: each test names its own.
/// </summary>
[ClusterTest]
public sealed class PlanSystemTests(OperatorCluster cluster) : IClassFixture<OperatorCluster>
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(60);
    private readonly IKubernetes client = cluster.Client();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Web = "  image: example.com/app:1\n  port: 8080\n  resources:\n    cpu: 500m\n    memory: 256Mi\n";

    [Fact]
    public async Task The_same_spec_runs_on_one_plan_and_waits_for_room_on_a_smaller_one_until_the_plan_grows()
    {
        var (small, large) = (Unique("small"), Unique("large"));
        await ApplyPlanAsync(small, "  totals:\n    cpu: \"1\"\n");
        await ApplyPlanAsync(large, "  totals:\n    cpu: \"4\"\n");
        var a = await NamespaceOnAsync("plan-a", small);
        var b = await NamespaceOnAsync("plan-b", large);
        foreach (var ns in new[] { a, b })
        {
            await cluster.ApplyAsync(ns, "first", Web);
            await cluster.WaitReadyAsync(ns, "first");
            await cluster.ApplyAsync(ns, "second", Web + "  replicas: 2\n");
        }

        await cluster.WaitReadyAsync(b, "second");
        var waiting = await WaitForReasonAsync(a, "second", ConditionReasons.PlanExceeded);
        waiting.Status.Message.ShouldBe(
            $"ContainerPlan {small}, totals.cpu: namespace {a} uses 500m of 1 and this container needs 1 (500m x 2); it starts by itself when there is room");
        waiting.Status.Phase.ShouldBe(ManagedContainerPhases.Pending);
        waiting.Status.Plan.ShouldBe(small);
        (await client.AppsV1.ListNamespacedDeploymentAsync(a, cancellationToken: Ct)).Items.Select(d => d.Metadata.Name).ShouldBe(["first"]);

        // The plan's status shows the namespace, its usage and the one waiting.
        var plan = await Eventually.Returns(() => GetPlanAsync(small), p => p?.Status.Waiting == 1, $"{small} status", Converge);
        plan!.Status.Namespaces.ShouldNotBeNull().ShouldHaveSingleItem().ShouldBeEquivalentTo(new PlanNamespaceUsage
        {
            Name = a, Containers = 1, Waiting = 1, Cpu = "500m", Memory = "256Mi", Gpu = 0, Storage = "0", PublicUrls = 1,
        });
        var table = await cluster.Kubectl.RunAsync($"get plan {small}");
        table.ShouldSucceed();
        table.Stdout.ShouldContain("NAMESPACES");
        table.Stdout.Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..4].ShouldBe([small, "1", "1", "1"]);

        // Raising the plan lets it start, by itself.
        await ApplyPlanAsync(small, "  totals:\n    cpu: \"2\"\n");
        var started = await cluster.WaitReadyAsync(a, "second");
        started.Status.Admitted.ShouldNotBeNull().Replicas.ShouldBe(2);
    }

    [Fact]
    public async Task A_waiting_container_starts_by_itself_when_another_is_deleted_first_come_first_served()
    {
        var plan = Unique("one");
        await ApplyPlanAsync(plan, "  totals:\n    containers: 1\n");
        var ns = await NamespaceOnAsync("plan-one", plan);
        await cluster.ApplyAsync(ns, "first", Web);
        await cluster.WaitReadyAsync(ns, "first");
        await cluster.ApplyAsync(ns, "second", Web);
        await cluster.ApplyAsync(ns, "third", Web);
        (await WaitForReasonAsync(ns, "second", ConditionReasons.PlanExceeded)).Status.Message.ShouldNotBeNull().ShouldStartWith($"ContainerPlan {plan}, totals.containers: namespace {ns} uses 1 of 1");
        await WaitForReasonAsync(ns, "third", ConditionReasons.PlanExceeded);

        (await cluster.Kubectl.RunAsync($"delete mc first -n {ns} --wait=false")).ShouldSucceed();

        // The earlier of the two waiting gets the room; the later one keeps waiting.
        await cluster.WaitReadyAsync(ns, "second");
        (await WaitForReasonAsync(ns, "third", ConditionReasons.PlanExceeded)).Status.Message.ShouldNotBeNull().ShouldContain("uses 1 of 1");
    }

    [Fact]
    public async Task A_namespace_on_a_plan_that_does_not_exist_waits_for_it_and_gets_its_defaults()
    {
        var plan = Unique("later");
        var ns = await NamespaceOnAsync("plan-later", plan);
        await cluster.ApplyAsync(ns, "app", "  image: example.com/app:1\n  port: 8080\n");

        var waiting = await WaitForReasonAsync(ns, "app", ConditionReasons.PlanNotFound);
        waiting.Status.Message.ShouldBe($"namespace {ns} is on ContainerPlan {plan} (label kubecontainers.io/plan), which does not exist: nothing is created or changed until it does");

        await ApplyPlanAsync(plan, "  defaults:\n    resources:\n      cpu: 100m\n      memory: 64Mi\n    egress: cluster\n    lifetime:\n      timeoutSeconds: 86400\n");
        var ready = await cluster.WaitReadyAsync(ns, "app");

        var container = (await client.AppsV1.ReadNamespacedDeploymentAsync("app", ns, cancellationToken: Ct)).Spec.Template.Spec.Containers[0];
        container.Resources.Limits["cpu"].ToString().ShouldBe("100m");
        container.Resources.Limits["memory"].ToString().ShouldBe("64Mi");
        ready.Status.ExpiresAt.ShouldNotBeNull().ShouldBe(ready.Metadata.CreationTimestamp!.Value.AddDays(1), TimeSpan.FromSeconds(1));
        var policy = await client.NetworkingV1.ReadNamespacedNetworkPolicyAsync("app", ns, cancellationToken: Ct);
        policy.Spec.Egress.Count.ShouldBeGreaterThan(1, "egress cluster adds the namespace to DNS");
        ready.Spec.Resources.ShouldBeNull("the defaults fill in the operator's working copy, never the user's object");
    }

    [Fact]
    public async Task With_the_shipped_admission_policy_a_spec_over_a_plan_limit_is_refused_at_apply_and_runs_once_the_plan_allows_it()
    {
        (await cluster.Kubectl.RunAsync($"apply -k {RepoPaths.File("config/plans")}")).ShouldSucceed();
        var (tiny, big) = (Unique("tiny"), Unique("big"));
        await ApplyPlanAsync(tiny, "  limits:\n    maxReplicas: 1\n");
        await ApplyPlanAsync(big, "  limits:\n    maxReplicas: 3\n");
        var a = await NamespaceOnAsync("adm-a", tiny);
        var b = await NamespaceOnAsync("adm-b", big);
        var spec = Web + "  replicas: 2\n";

        await cluster.ApplyAsync(b, "app", spec);
        var refused = await cluster.Kubectl.RunAsync($"apply -n {a} -f -", KubeContainers.WholeSystem.ManagedContainers.Manifest("app", spec));

        refused.ExitCode.ShouldNotBe(0);
        refused.Stderr.ShouldContain(
            $"ValidatingAdmissionPolicy 'kubecontainers-plans' with binding 'kubecontainers-plans' denied request: spec.replicas: Invalid value: 2: must be no more than 1 (ContainerPlan {tiny}, limits.maxReplicas)");
        (await cluster.WaitReadyAsync(b, "app")).Status.Plan.ShouldBe(big);

        // The usage counters charge the running container to its namespace and plan.
        await Eventually.True(async () => await UsageAsync(b, big) > 0, "cpu core-seconds charged to the namespace", Converge);
        (await UsageAsync(a, tiny)).ShouldBe(0);

        await ApplyPlanAsync(tiny, "  limits:\n    maxReplicas: 2\n");
        await Eventually.True(async () => (await cluster.Kubectl.RunAsync($"apply -n {a} -f -", KubeContainers.WholeSystem.ManagedContainers.Manifest("app", spec))).ExitCode == 0,
            "the apply admitted under the raised plan", Converge);
        (await cluster.WaitReadyAsync(a, "app")).Status.ReadyReplicas.ShouldBe(2);
    }

    private async Task<double> UsageAsync(string ns, string plan)
    {
        var name = $"kubecontainers_usage_cpu_core_seconds_total{{namespace=\"{ns}\",plan=\"{plan}\"}}";
        return await cluster.Operator.CounterAsync(name);
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";

    private async Task ApplyPlanAsync(string name, string spec) =>
        (await cluster.Kubectl.RunAsync("apply -f -",
            $"apiVersion: kubecontainers.io/v1alpha1\nkind: ContainerPlan\nmetadata:\n  name: {name}\nspec:\n{spec}")).ShouldSucceed();

    private async Task<string> NamespaceOnAsync(string prefix, string plan)
    {
        var ns = await cluster.NamespaceAsync(prefix);
        (await cluster.Kubectl.RunAsync($"label namespace {ns} {V1Alpha1ContainerPlan.NamespaceLabel}={plan}")).ShouldSucceed();
        return ns;
    }

    private async Task<V1Alpha1ContainerPlan?> GetPlanAsync(string name)
    {
        try
        {
            return await client.CustomObjects.GetClusterCustomObjectAsync<V1Alpha1ContainerPlan>(
                V1Alpha1ManagedContainer.KubeGroup, V1Alpha1ManagedContainer.KubeApiVersion, V1Alpha1ContainerPlan.KubePluralName, name, Ct);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task<V1Alpha1ManagedContainer> WaitForReasonAsync(string ns, string name, string reason) =>
        (await Eventually.Returns(
            () => client.GetAsync(ns, name),
            m => m?.Status.GetCondition(ConditionTypes.Ready) is { Status: ConditionStatuses.False } ready && ready.Reason == reason,
            $"{ns}/{name} Ready=False {reason}",
            Converge))!;
}
