using k8s;
using KubeContainers.Api;
using KubeContainers.Operator.Tests.Support;

namespace KubeContainers.Operator.Tests.WholeSystem;

/// <summary>The real operator process against the local cluster, driven with kubectl and read with KubernetesClient.</summary>
[ClusterTest]
public sealed class ManagedContainerSystemTests(OperatorCluster cluster) : IClassFixture<OperatorCluster>
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(60);
    private readonly IKubernetes client = cluster.Client();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_samples_become_ready_with_their_urls_and_kubectl_wait_returns()
    {
        var ns = await cluster.NamespaceAsync("samples");

        (await cluster.Kubectl.RunAsync($"apply -k {RepoPaths.File("config/samples")} -n {ns}")).ShouldSucceed();
        var wait = await cluster.Kubectl.RunAsync($"wait --for=condition=Ready mc/web mc/worker mc/sandboxed -n {ns} --timeout=90s", timeout: TimeSpan.FromSeconds(100));

        wait.ExitCode.ShouldBe(0, $"{wait.Output}\n{await DescribeAllAsync(ns)}\n{cluster.Operator.Output}");
        var web = (await client.GetAsync(ns, "web"))!;
        web.Status.Phase.ShouldBe(ManagedContainerPhases.Running);
        web.Status.Url.ShouldBe($"http://web-{ns}.apps.example.test");
        web.Status.InternalUrl.ShouldBe($"http://web.{ns}.svc.cluster.local:9898");
        web.Status.Ready.ShouldBe("2/2");
        web.Status.ObservedGeneration.ShouldBe(web.Metadata.Generation);
        web.Status.Checks!.UrlAssigned.ShouldBeTrue();
        (await client.NetworkingV1.ReadNamespacedIngressAsync("web", ns, cancellationToken: Ct)).Spec.Rules[0].Host.ShouldBe($"web-{ns}.apps.example.test");

        var worker = (await client.GetAsync(ns, "worker"))!;
        worker.Status.Url.ShouldBeNull();
        (await client.CoreV1.ListNamespacedServiceAsync(ns, cancellationToken: Ct)).Items.Select(s => s.Metadata.Name).ShouldNotContain("worker");

        var sandboxed = (await client.GetAsync(ns, "sandboxed"))!;
        sandboxed.Status.RuntimeClassName.ShouldBe("kubecontainers-gvisor");
        sandboxed.Status.Url.ShouldBeNull();
        (await client.AppsV1.ReadNamespacedDeploymentAsync("sandboxed", ns, cancellationToken: Ct)).Spec.Template.Spec.RuntimeClassName.ShouldBe("kubecontainers-gvisor");

        var table = (await cluster.Kubectl.RunAsync($"get mc -n {ns}")).ShouldSucceed().Stdout;
        table.ShouldContain("Running");
        table.ShouldContain($"http://web-{ns}.apps.example.test");
    }

    [Theory]
    [InlineData("example.com/app:pull-error", ConditionReasons.ImagePullFailed, "example.com/app:pull-error")]
    [InlineData("example.com/app:crashloop-exit-3", ConditionReasons.CrashLooping, "code 3")]
    [InlineData("example.com/oom:1", ConditionReasons.OOMKilled, "")]
    [InlineData("example.com/never-ready:1", ConditionReasons.HealthCheckFailing, "")]
    public async Task A_failing_workload_reports_its_real_cause(string image, string reason, string inMessage)
    {
        var ns = await cluster.NamespaceAsync("fail");
        await cluster.ApplyAsync(ns, "app", $"  image: {image}\n  port: 8080\n  healthCheck:\n    periodSeconds: 1\n    failureThreshold: 1\n");

        var mc = await WaitForReadyReasonAsync(ns, "app", reason);

        mc.Status.Phase.ShouldBe(ManagedContainerPhases.Failed);
        mc.Status.GetCondition(ConditionTypes.Ready)!.Message.ShouldContain(inMessage);

        // kubectl shows the cause in the Reason column (a JSONPath filter the apiserver evaluates) and the message
        // with -o wide.
        var wide = (await cluster.Kubectl.RunAsync($"get mc app -n {ns} -o wide")).ShouldSucceed().Stdout.Split('\n');
        wide[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["NAME", "PHASE", "READY", "REASON", "URL", "AGE", "IMAGE", "SANDBOX", "MESSAGE"]);
        wide[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..4].ShouldBe(["app", "Failed", mc.Status.Ready ?? "<none>", reason]);
        wide[1].ShouldContain(inMessage);

        // The failure Event's reason is the cause, so an upstream field selector finds it; none says just "Failed".
        var events = await Eventually.Returns(
            () => cluster.Kubectl.RunAsync($"get events -n {ns} --field-selector reason={reason},involvedObject.kind=ManagedContainer -o jsonpath={{.items[*].involvedObject.name}}"),
            r => r.ExitCode == 0 && r.Stdout.Split(' ').Contains("app"),
            $"a {reason} Event on mc/app",
            Converge);
        events.Stdout.Split(' ').ShouldAllBe(name => name == "app");
        (await cluster.Kubectl.RunAsync($"get events -n {ns} --field-selector reason=Failed,involvedObject.kind=ManagedContainer -o name"))
            .ShouldSucceed().Stdout.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_pod_no_node_can_take_is_unschedulable()
    {
        var ns = await cluster.NamespaceAsync("unsched");
        await cluster.ApplyAsync(ns, "gpu", "  image: example.com/cuda:1\n  architecture: arm64\n  resources:\n    gpu: 1\n");

        var mc = await WaitForReadyReasonAsync(ns, "gpu", ConditionReasons.Unschedulable);

        mc.Status.Phase.ShouldBe(ManagedContainerPhases.Pending);
        mc.Status.Checks!.Scheduled.ShouldBeFalse();
    }

    [Theory]
    [InlineData(OperatorCluster.BrokenSandbox, "made-up")]
    [InlineData("nope", "nope")]
    public async Task A_sandbox_that_cannot_be_served_is_reported(string sandbox, string inMessage)
    {
        var ns = await cluster.NamespaceAsync("sandbox");
        await cluster.ApplyAsync(ns, "app", $"  image: example.com/app:1\n  sandbox: {sandbox}\n");

        var mc = await WaitForReadyReasonAsync(ns, "app", ConditionReasons.SandboxUnavailable);

        mc.Status.GetCondition(ConditionTypes.Ready)!.Message.ShouldContain(inMessage);
        mc.Status.Checks!.SandboxAvailable.ShouldBeFalse();
    }

    [Fact]
    public async Task A_hand_deleted_or_edited_child_is_restored()
    {
        var ns = await cluster.NamespaceAsync("drift");
        await cluster.ApplyAsync(ns, "app", "  image: example.com/app:1\n  port: 8080\n");
        await cluster.WaitReadyAsync(ns, "app");
        var service = await client.CoreV1.ReadNamespacedServiceAsync("app", ns, cancellationToken: Ct);

        (await cluster.Kubectl.RunAsync($"delete service app -n {ns}")).ShouldSucceed();
        (await cluster.Kubectl.RunAsync($"scale deployment app --replicas=3 -n {ns}")).ShouldSucceed();

        await Eventually.True(
            async () => (await client.CoreV1.ListNamespacedServiceAsync(ns, cancellationToken: Ct)).Items.Any(s => s.Metadata.Name == "app" && s.Metadata.Uid != service.Metadata.Uid),
            "the deleted Service to come back", Converge);
        await Eventually.True(
            async () => (await client.AppsV1.ReadNamespacedDeploymentAsync("app", ns, cancellationToken: Ct)).Spec.Replicas == 1,
            "the Deployment to be scaled back to spec.replicas", Converge);
    }

    [Fact]
    public async Task Deleting_the_managed_container_removes_its_children()
    {
        var ns = await cluster.NamespaceAsync("delete");
        await cluster.ApplyAsync(ns, "app", "  image: example.com/app:1\n  port: 8080\n");
        await cluster.WaitReadyAsync(ns, "app");

        (await cluster.Kubectl.RunAsync($"delete mc app -n {ns}")).ShouldSucceed();

        await Eventually.True(async () =>
            (await client.AppsV1.ListNamespacedDeploymentAsync(ns, cancellationToken: Ct)).Items.Count == 0
            && (await client.CoreV1.ListNamespacedServiceAsync(ns, cancellationToken: Ct)).Items.Count == 0
            && (await client.NetworkingV1.ListNamespacedIngressAsync(ns, cancellationToken: Ct)).Items.Count == 0
            && (await client.NetworkingV1.ListNamespacedNetworkPolicyAsync(ns, cancellationToken: Ct)).Items.Count == 0,
            "every child to be garbage collected", Converge);
    }

    [Fact]
    public async Task An_object_it_does_not_own_is_reported_and_never_overwritten()
    {
        var ns = await cluster.NamespaceAsync("notowned");
        (await cluster.Kubectl.RunAsync("apply -f -",
            $"apiVersion: v1\nkind: Service\nmetadata:\n  name: app\n  namespace: {ns}\nspec:\n  selector:\n    team: theirs\n  ports:\n  - port: 80\n")).ShouldSucceed();

        await cluster.ApplyAsync(ns, "app", "  image: example.com/app:1\n  port: 8080\n");
        var mc = await Eventually.Returns(
            () => client.GetAsync(ns, "app"),
            m => m?.Status.GetCondition(ConditionTypes.ServiceReady)?.Reason == ConditionReasons.NotOwned,
            "ServiceReady=False NotOwned", Converge);

        mc!.Status.IsReady().ShouldBeFalse();
        (await client.CoreV1.ReadNamespacedServiceAsync("app", ns, cancellationToken: Ct)).Spec.Selector.ShouldBe(new Dictionary<string, string> { ["team"] = "theirs" });
    }

    [Fact]
    public async Task A_spec_the_CRD_refuses_never_reaches_the_operator()
    {
        var ns = await cluster.NamespaceAsync("refused");

        var apply = await cluster.Kubectl.RunAsync($"apply -n {ns} -f -", KubeContainers.WholeSystem.ManagedContainers.Manifest("app", "  image: example.com/app:1\n  port: 8080\n  env:\n    1BAD: x\n"));

        apply.ExitCode.ShouldNotBe(0);
        apply.Stderr.ShouldContain("spec.env: Invalid value: \"object\": spec.env: keys must be environment variable names");
        (await cluster.Kubectl.RunAsync($"get mc -n {ns} -o name")).Stdout.Trim().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_spec_over_the_built_in_plan_is_refused_in_status_with_no_child_created()
    {
        // No ContainerPlan exists: the operator's --max-replicas (10) is the built-in default plan's, checked in status.
        var ns = await cluster.NamespaceAsync("invalid");
        await cluster.ApplyAsync(ns, "app", "  image: example.com/app:1\n  port: 8080\n  replicas: 11\n");

        var mc = await WaitForReadyReasonAsync(ns, "app", ConditionReasons.PlanExceeded);

        mc.Status.GetCondition(ConditionTypes.Ready)!.Message.ShouldBe(
            "spec.replicas: Invalid value: 11: must be no more than 10 (ContainerPlan default, limits.maxReplicas)");
        mc.Status.Phase.ShouldBe(ManagedContainerPhases.Pending);
        mc.Status.Plan.ShouldBe("default");
        mc.Status.Admitted.ShouldBeNull("nothing was admitted");
        (await client.AppsV1.ListNamespacedDeploymentAsync(ns, cancellationToken: Ct)).Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_resync_of_an_unchanged_container_writes_nothing()
    {
        var ns = await cluster.NamespaceAsync("steady");
        await cluster.ApplyAsync(ns, "app", "  image: example.com/app:1\n  port: 8080\n");
        await cluster.WaitReadyAsync(ns, "app");
        var containers = await CountAllContainersAsync();

        // Ready can be seen before the rollout's last step (the Deployment's final status) has been reflected; one
        // resync round first lets that settle, so what is compared below is resyncs of an unchanged container only.
        await ResyncRoundsAsync(containers, 1);
        var before = await VersionsAsync(ns);
        await ResyncRoundsAsync(containers, 2);

        (await VersionsAsync(ns)).ShouldBe(before);
    }

    /// <summary>The operator resyncs every container every 3 s: <paramref name="rounds"/> times as many reconciles as
    /// containers means ours was looked at again (at least rounds - 1 times, typically rounds).</summary>
    private async Task ResyncRoundsAsync(int containers, int rounds)
    {
        // A busy machine may answer a scrape slowly: retried like every other observation.
        var reconciled = await Eventually.Returns(() => cluster.Operator.CounterAsync("controller_runtime_reconcile_total"), _ => true, "a /metrics scrape", Converge);
        await Eventually.True(
            async () => await cluster.Operator.CounterAsync("controller_runtime_reconcile_total") >= reconciled + (rounds * containers),
            $"{rounds} resync round(s)", Converge);
    }

    private async Task<V1Alpha1ManagedContainer> WaitForReadyReasonAsync(string ns, string name, string reason)
    {
        var mc = await Eventually.Returns(
            () => client.GetAsync(ns, name),
            m => m?.Status.GetCondition(ConditionTypes.Ready) is { Status: ConditionStatuses.False } ready && ready.Reason == reason,
            $"{ns}/{name} Ready=False {reason}",
            Converge);
        return mc!;
    }

    private async Task<int> CountAllContainersAsync()
    {
        var list = await client.CustomObjects.ListClusterCustomObjectAsync<V1Alpha1ManagedContainerList>(
            V1Alpha1ManagedContainer.KubeGroup, V1Alpha1ManagedContainer.KubeApiVersion, V1Alpha1ManagedContainer.KubePluralName, cancellationToken: Ct);
        return list.Items.Count;
    }

    private async Task<Dictionary<string, string>> VersionsAsync(string ns) => new()
    {
        ["mc"] = (await client.GetAsync(ns, "app"))!.Metadata.ResourceVersion,
        ["deployment"] = (await client.AppsV1.ReadNamespacedDeploymentAsync("app", ns, cancellationToken: Ct)).Metadata.ResourceVersion,
        ["service"] = (await client.CoreV1.ReadNamespacedServiceAsync("app", ns, cancellationToken: Ct)).Metadata.ResourceVersion,
        ["ingress"] = (await client.NetworkingV1.ReadNamespacedIngressAsync("app", ns, cancellationToken: Ct)).Metadata.ResourceVersion,
        ["networkpolicy"] = (await client.NetworkingV1.ReadNamespacedNetworkPolicyAsync("app", ns, cancellationToken: Ct)).Metadata.ResourceVersion,
    };

    private async Task<string> DescribeAllAsync(string ns)
    {
        var lines = new List<string>();
        foreach (var name in new[] { "web", "worker", "sandboxed" })
        {
            lines.Add($"{name}: {KubeContainers.WholeSystem.ManagedContainers.Describe(await client.GetAsync(ns, name))}");
        }

        return string.Join('\n', lines);
    }
}
