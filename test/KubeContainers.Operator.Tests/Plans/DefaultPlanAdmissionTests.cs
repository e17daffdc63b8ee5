namespace KubeContainers.Operator.Tests.Plans;

/// <summary>
/// Which plan the policy holds a namespace to when it has no label or names a missing plan, and that without any
/// plan it refuses nothing. Each test has its own cluster: the plan named default and the absence of every plan are
/// cluster-wide.
/// </summary>
[ClusterTest]
public sealed class DefaultPlanAdmissionTests
{
    /// <summary>Breaks what a plan could forbid: many replicas, a sandbox and a public URL.</summary>
    private const string Greedy = "  image: nginx\n  port: 8080\n  replicas: 9\n  sandbox: kata-fc\n";

    [Fact]
    public async Task Without_any_plan_nothing_is_refused()
    {
        await using var cluster = new PlanAdmissionCluster();
        await cluster.InitializeAsync();
        var ns = await cluster.NamespaceAsync("plan-none", plan: null);
        var labelled = await cluster.NamespaceAsync("plan-none", plan: "gold");

        (await cluster.ApplyAsync(ns, "web", Greedy)).ShouldSucceed();
        (await cluster.ApplyAsync(labelled, "web", Greedy)).ShouldSucceed();
        (await cluster.Kubectl.RunAsync($"scale managedcontainer web -n {ns} --replicas=20")).ShouldSucceed();
    }

    [Fact]
    public async Task An_unlabelled_namespace_is_on_the_plan_named_default_and_a_missing_plan_refuses_nothing()
    {
        await using var cluster = new PlanAdmissionCluster();
        await cluster.InitializeAsync();
        await cluster.PlanAsync("default", "  limits: {maxReplicas: 1}\n");
        await cluster.PlanAsync("roomy", "  limits: {maxReplicas: 9}\n");
        var unlabelled = await cluster.NamespaceAsync("plan-default", plan: null);
        var roomy = await cluster.NamespaceAsync("plan-roomy", plan: "roomy");
        var missing = await cluster.NamespaceAsync("plan-missing", plan: "gold");

        var refused = (await cluster.ApplyAsync(unlabelled, "web", Greedy)).ShouldFail();
        var onRoomy = await cluster.ApplyAsync(roomy, "web", Greedy);
        // The operator reports PlanNotFound for it in status; admission has no plan to hold it to.
        var onMissing = await cluster.ApplyAsync(missing, "web", Greedy);

        refused.Stderr.Trim().ShouldBe(PlanAdmissionCluster.RefusedCreate("web",
            "spec.replicas: Invalid value: 9: must be no more than 1 (ContainerPlan default, limits.maxReplicas)"));
        onRoomy.ShouldSucceed();
        onMissing.ShouldSucceed();
    }
}
