using k8s;
using KubeContainers.Api;

namespace KubeContainers.Cli.Tests.WholeSystem;

/// <summary><c>stop</c>, <c>start</c>, <c>restart</c>, <c>scale</c>, <c>undo</c> and <c>events</c>, followed by the real
/// operator, and the warning when Argo CD or Flux manages the object.</summary>
[ClusterTest]
public sealed class ChangeSystemTests(PluginCluster cluster) : IClassFixture<PluginCluster>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stop_and_start_are_followed_and_show_in_the_events()
    {
        var ns = await cluster.NamespaceAsync("stop");
        (await cluster.Mc.RunAsync("create", "web", "-n", ns, "--image", "example.com/app:1", "--port", "8080")).ShouldSucceed();

        var stop = (await cluster.Mc.RunAsync("stop", "web", "-n", ns)).ShouldSucceed();
        await PhaseAsync(ns, "web", ManagedContainerPhases.Stopped);
        var start = (await cluster.Mc.RunAsync("start", "web", "-n", ns)).ShouldSucceed();
        (await cluster.Mc.RunAsync("wait", "web", "-n", ns)).ShouldSucceed();
        var events = await Eventually.Returns(
            async () => (await cluster.Mc.RunAsync("events", "web", "-n", ns)).ShouldSucceed().Stdout,
            e => e.Contains("Started", StringComparison.Ordinal), "the Started event", TimeSpan.FromSeconds(30));

        stop.Stdout.ShouldBe("managedcontainer.kubecontainers.io/web stopped\n");
        start.Stdout.ShouldBe("managedcontainer.kubecontainers.io/web started\n");
        stop.Stderr.ShouldBeEmpty("no GitOps tool manages it: no warning");
        GoldenText.Verify(events, ns, "events-stop-start");
    }

    [Fact]
    public async Task Events_watch_prints_new_events_as_they_happen()
    {
        var ns = await cluster.NamespaceAsync("eventsw");
        (await cluster.Mc.RunAsync("create", "web", "-n", ns, "--image", "example.com/app:1")).ShouldSucceed();
        using var watch = cluster.Mc.Start("events", "web", "-n", ns, "-w");
        var header = await watch.StandardOutput.ReadLineAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Ct);

        (await cluster.Mc.RunAsync("stop", "web", "-n", ns)).ShouldSucceed();
        var line = await watch.StandardOutput.ReadLineAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(60), Ct);

        header.ShouldBe("LAST SEEN   TYPE   REASON   MESSAGE");
        GoldenText.Normalize(line!, ns).ShouldBe("<age>  Normal  Stopped  scaled to zero (spec.stopped); configuration and volumes kept");
        watch.Kill(entireProcessTree: true);
    }

    [Fact]
    public async Task Scale_sets_the_replicas_the_operator_runs()
    {
        var ns = await cluster.NamespaceAsync("scale");
        (await cluster.Mc.RunAsync("create", "web", "-n", ns, "--image", "example.com/app:1")).ShouldSucceed();

        (await cluster.Mc.RunAsync("scale", "web", "3", "-n", ns)).ShouldSucceed().Stdout.ShouldBe("managedcontainer.kubecontainers.io/web scaled to 3\n");
        (await cluster.Mc.RunAsync("wait", "web", "-n", ns)).ShouldSucceed();

        using var client = cluster.Client();
        (await client.GetAsync(ns, "web"))!.Status.ReadyReplicas.ShouldBe(3);
        (await cluster.Mc.RunAsync("scale", "web", "-1", "-n", ns)).Stderr.ShouldBe("error: REPLICAS \"-1\": must be greater than or equal to 0\n");
    }

    [Fact]
    public async Task Restart_sets_restarted_at_and_the_operator_rolls_the_replicas()
    {
        var ns = await cluster.NamespaceAsync("restart");
        (await cluster.Mc.RunAsync("create", "web", "-n", ns, "--image", "example.com/app:1")).ShouldSucceed();
        using var client = cluster.Client();
        var before = (await client.AppsV1.ListNamespacedDeploymentAsync(ns, cancellationToken: Ct)).Items.Single().Spec.Template.Metadata.Annotations;

        (await cluster.Mc.RunAsync("restart", "web", "-n", ns)).ShouldSucceed().Stdout.ShouldBe("managedcontainer.kubecontainers.io/web restarted\n");

        (await client.GetAsync(ns, "web"))!.Spec.RestartedAt.ShouldNotBeNull();
        await Eventually.Returns(
            async () => (await client.AppsV1.ListNamespacedDeploymentAsync(ns, cancellationToken: Ct)).Items.Single().Spec.Template.Metadata.Annotations ?? new Dictionary<string, string>(),
            a => a.ContainsKey("kubecontainers.io/restartedAt"), "the pod template's restartedAt", TimeSpan.FromSeconds(30));
        (before ?? new Dictionary<string, string>()).ShouldNotContainKey("kubecontainers.io/restartedAt");
    }

    [Fact]
    public async Task Undo_goes_back_to_the_last_healthy_image()
    {
        var ns = await cluster.NamespaceAsync("undo");
        (await cluster.Mc.RunAsync("create", "web", "-n", ns, "--image", "example.com/app:1", "--port", "8080")).ShouldSucceed();
        const string BadImage = """'{"spec":{"image":"example.com/app:pull-error"}}'""";
        (await cluster.Kubectl.RunAsync($"patch mc web -n {ns} --type=merge -p {BadImage}")).ShouldSucceed();

        var undo = (await cluster.Mc.RunAsync("undo", "web", "-n", ns)).ShouldSucceed();
        (await cluster.Mc.RunAsync("wait", "web", "-n", ns)).ShouldSucceed();

        undo.Stdout.ShouldBe("managedcontainer.kubecontainers.io/web rolled back to example.com/app:1\n");
        using var client = cluster.Client();
        (await client.GetAsync(ns, "web"))!.Spec.Image.ShouldBe("example.com/app:1");
        (await cluster.Mc.RunAsync("undo", "web", "-n", ns)).ShouldSucceed().Stdout.ShouldBe("managedcontainer.kubecontainers.io/web already runs example.com/app:1: nothing to undo\n");
    }

    [Fact]
    public async Task History_lists_the_rollouts_and_undo_goes_back_to_a_revision()
    {
        var ns = await cluster.NamespaceAsync("history");
        (await cluster.Mc.RunAsync("create", "web", "-n", ns, "--image", "example.com/app:1")).ShouldSucceed();
        const string V2 = """'{"spec":{"image":"example.com/app:2"}}'""";
        (await cluster.Kubectl.RunAsync($"patch mc web -n {ns} --type=merge -p {V2}")).ShouldSucceed();
        (await cluster.Mc.RunAsync("wait", "web", "-n", ns)).ShouldSucceed();
        using var client = cluster.Client();
        await Eventually.True(async () => (await client.GetAsync(ns, "web"))?.Status.History?.Any(h => h.Revision == 2 && h.Outcome == "Ready") == true,
            "revision 2 Ready in status.history", TimeSpan.FromSeconds(30));

        var history = (await cluster.Mc.RunAsync("history", "web", "-n", ns)).ShouldSucceed().Stdout;
        var undo = (await cluster.Mc.RunAsync("undo", "web", "-n", ns, "--to-revision", "1")).ShouldSucceed();
        (await cluster.Mc.RunAsync("wait", "web", "-n", ns)).ShouldSucceed();
        var unknown = await cluster.Mc.RunAsync("undo", "web", "-n", ns, "--to-revision", "7");

        GoldenText.Verify(history, ns, "history");
        undo.Stdout.ShouldBe("managedcontainer.kubecontainers.io/web rolled back to example.com/app:1\n");
        (await client.GetAsync(ns, "web"))!.Spec.Image.ShouldBe("example.com/app:1");
        unknown.ExitCode.ShouldBe(1);
        unknown.Stderr.ShouldStartWith("error: --to-revision \"7\": no such revision in status.history (has 3, 2, 1");
    }

    [Fact]
    public async Task History_of_a_container_not_rolled_out_yet_says_so()
    {
        var ns = await cluster.NamespaceAsync("nohistory");
        // Above the operator's replica limit: refused (InvalidSpec), so nothing is ever rolled out.
        (await cluster.Mc.RunAsync("create", "web", "-n", ns, "--image", "example.com/app:1", "--replicas", "50", "--no-wait")).ShouldSucceed();
        (await cluster.Mc.RunAsync("wait", "web", "-n", ns)).ExitCode.ShouldBe(1);

        var history = (await cluster.Mc.RunAsync("history", "web", "-n", ns)).ShouldSucceed();
        var undo = await cluster.Mc.RunAsync("undo", "web", "-n", ns);

        history.Stderr.ShouldBe("web has no rollout history yet\n");
        undo.ExitCode.ShouldBe(1);
        undo.Stderr.ShouldBe("error: web has no status.lastHealthyImage: it was never Ready\n");
    }

    [Theory]
    [InlineData("annotate", "argocd.argoproj.io/tracking-id=shop:kubecontainers.io/ManagedContainer:NS/web", "Argo CD (Application shop)")]
    [InlineData("label", "kustomize.toolkit.fluxcd.io/name=apps kustomize.toolkit.fluxcd.io/namespace=flux-system", "Flux (Kustomization flux-system/apps)")]
    [InlineData("label", "helm.toolkit.fluxcd.io/name=web", "Flux (HelmRelease web)")]
    public async Task A_change_to_an_object_gitops_manages_warns_that_the_next_sync_reverts_it(string verb, string marks, string manager)
    {
        var ns = await cluster.NamespaceAsync("gitops");
        (await cluster.Mc.RunAsync("create", "web", "-n", ns, "--image", "example.com/app:1", "--no-wait")).ShouldSucceed();
        (await cluster.Kubectl.RunAsync($"{verb} mc web -n {ns} {marks.Replace("NS", ns, StringComparison.Ordinal)}")).ShouldSucceed();

        var stop = (await cluster.Mc.RunAsync("stop", "web", "-n", ns)).ShouldSucceed();

        stop.Stderr.ShouldBe($"Warning: web is managed by {manager}: the next sync will revert this stop; make the change in Git to keep it\n");
        stop.Stdout.ShouldBe("managedcontainer.kubecontainers.io/web stopped\n");
    }

    private async Task PhaseAsync(string ns, string name, string phase)
    {
        using var client = cluster.Client();
        await Eventually.Returns(async () => new ObservedContainer(await client.GetAsync(ns, name)), o => o.Mc?.Status.Phase == phase, $"{name} {phase}", TimeSpan.FromSeconds(60));
    }
}
