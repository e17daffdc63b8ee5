using KubeContainers.Api;

namespace KubeContainers.Cli.Tests.WholeSystem;

/// <summary><c>kubectl mc wait</c> as a CI pipeline uses it: 0 once it holds, non-zero at once with the reason when the
/// container is Failed or Stalled, 2 on a timeout.</summary>
[ClusterTest]
public sealed class WaitSystemTests(PluginCluster cluster) : IClassFixture<PluginCluster>
{
    [Fact]
    public async Task Wait_fails_within_seconds_on_an_image_that_cannot_be_pulled_and_passes_on_a_good_one()
    {
        var ns = await cluster.NamespaceAsync("ci");
        (await cluster.Mc.RunAsync("create", "bad", "-n", ns, "--image", "example.com/app:pull-error", "--port", "8080", "--no-wait")).ShouldSucceed();
        (await cluster.Mc.RunAsync("create", "good", "-n", ns, "--image", "example.com/app:1", "--port", "8080", "--no-wait")).ShouldSucceed();

        var bad = await cluster.Mc.RunAsync("wait", "bad", "-n", ns, "--timeout", "5m");
        var good = await cluster.Mc.RunAsync("wait", "good", "-n", ns, "--timeout", "5m");

        bad.ExitCode.ShouldBe(1, bad.Stderr);
        bad.Stderr.ShouldStartWith("error: bad is Failed: ImagePullFailed: ");
        bad.Stderr.ShouldContain("example.com/app:pull-error");
        bad.Took.ShouldBeLessThan(TimeSpan.FromSeconds(30), "a CI job learns of the failure at once, not at the timeout");
        good.ExitCode.ShouldBe(0, good.Stderr);
        good.Stdout.ShouldBe("managedcontainer.kubecontainers.io/good condition met\n");
        // The kubelet alternates ErrImagePull and ImagePullBackOff, so the pod's words are not golden; the reason is.
        var describe = GoldenText.Normalize((await cluster.Mc.RunAsync("describe", "bad", "-n", ns)).ShouldSucceed().Stdout, ns);
        describe.ShouldContain("\nPhase:  Failed\n");
        describe.ShouldContain("\n  ✗ imagePulled\n");
        describe.ShouldContain("\n  Ready  False  ImagePullFailed  pod bad-<pod>: container app cannot pull image \"example.com/app:pull-error\"");
    }

    [Fact]
    public async Task Wait_fails_at_once_on_a_spec_the_operator_refuses()
    {
        var ns = await cluster.NamespaceAsync("invalid");
        // Above the built-in plan's replica limit (10, --max-replicas): PlanExceeded, phase Pending and Stalled=True until the spec or plan changes.
        (await cluster.Mc.RunAsync("create", "big", "-n", ns, "--image", "example.com/app:1", "--replicas", "50", "--no-wait")).ShouldSucceed();

        var run = await cluster.Mc.RunAsync("wait", "big", "-n", ns);

        run.ExitCode.ShouldBe(1, run.Stdout);
        run.Stderr.ShouldBe("error: big is Stalled: PlanExceeded: spec.replicas: Invalid value: 50: must be no more than 10 (ContainerPlan default, limits.maxReplicas)\n");
    }

    [Fact]
    public async Task Wait_fails_at_once_on_a_stalled_rollout_while_the_old_version_serves()
    {
        var ns = await cluster.NamespaceAsync("stall");
        const string rollout = "  rollout:\n    progressDeadlineSeconds: 4\n  healthCheck:\n    periodSeconds: 1\n    failureThreshold: 1\n";
        await cluster.ApplyAsync(ns, "app", "  image: example.com/app:v1\n  port: 8080\n" + rollout);
        (await cluster.Mc.RunAsync("wait", "app", "-n", ns)).ShouldSucceed();
        await cluster.ApplyAsync(ns, "app", "  image: example.com/never-ready:v2\n  port: 8080\n" + rollout);

        // The new version fails its health check: Failed at once (or, on a loaded machine where the wait starts late,
        // already Stalled by the rollback 4 s later).
        var failing = await cluster.Mc.RunAsync("wait", "app", "-n", ns);
        using var client = cluster.Client();
        await Eventually.True(async () => (await client.GetAsync(ns, "app"))?.Status.GetCondition(ConditionTypes.Stalled)?.Reason == ConditionReasons.RolledBack,
            "Stalled=True RolledBack", TimeSpan.FromSeconds(60));
        // Rolled back: v1 serves again, and the container stays Stalled until its spec changes.
        var stalled = await cluster.Mc.RunAsync("wait", "app", "-n", ns);

        failing.ExitCode.ShouldBe(1, failing.Stdout);
        failing.Stderr.ShouldMatch("^error: app is (Failed: HealthCheckFailing|Stalled: RolledBack): ");
        stalled.ExitCode.ShouldBe(1, stalled.Stdout);
        stalled.Stderr.ShouldStartWith("error: app is Stalled: RolledBack: ");
    }

    [Fact]
    public async Task Create_itself_fails_at_once_on_a_bad_image()
    {
        var ns = await cluster.NamespaceAsync("createbad");

        var run = await cluster.Mc.RunAsync("create", "bad", "-n", ns, "--image", "example.com/app:pull-error");

        run.ExitCode.ShouldBe(1);
        run.Stdout.ShouldStartWith("managedcontainer.kubecontainers.io/bad created\n");
        run.Stderr.ShouldStartWith("error: bad is Failed: ImagePullFailed: ");
    }

    [Fact]
    public async Task Wait_times_out_with_its_own_exit_code()
    {
        var ns = await cluster.NamespaceAsync("timeout");
        (await cluster.Mc.RunAsync("create", "web", "-n", ns, "--image", "example.com/app:1", "--no-wait")).ShouldSucceed();

        var run = await cluster.Mc.RunAsync("wait", "web", "-n", ns, "--for", "completed", "--timeout", "2s");

        run.ExitCode.ShouldBe(2);
        run.Stderr.ShouldBe("error: timed out after 2s waiting for web to be completed\n");
    }

    [Fact]
    public async Task Wait_for_deleted_returns_once_the_container_is_gone()
    {
        var ns = await cluster.NamespaceAsync("gone");
        (await cluster.Mc.RunAsync("create", "web", "-n", ns, "--image", "example.com/app:1", "--no-wait")).ShouldSucceed();
        using var wait = cluster.Mc.Start("wait", "web", "-n", ns, "--for", "deleted", "--timeout", "60s");
        var stdout = wait.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);

        (await cluster.Kubectl.RunAsync($"delete mc web -n {ns} --wait=false")).ShouldSucceed();

        await wait.WaitForExitAsync(TestContext.Current.CancellationToken);
        wait.ExitCode.ShouldBe(0, await wait.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken));
        (await stdout).ShouldBe("managedcontainer.kubecontainers.io/web deleted\n");
    }

    [Fact]
    public async Task Wait_on_a_missing_container_says_so()
    {
        var ns = await cluster.NamespaceAsync("missing");

        var run = await cluster.Mc.RunAsync("wait", "nope", "-n", ns);

        run.ExitCode.ShouldBe(1);
        run.Stderr.ShouldBe("error: managedcontainers.kubecontainers.io \"nope\" not found\n");
    }
}
