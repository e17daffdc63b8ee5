using k8s;

namespace KubeContainers.Cli.Tests.WholeSystem;

/// <summary><c>kubectl mc logs</c> of every replica, each line prefixed by its pod, and <c>kubectl mc exec</c> into a
/// ready one, against the local cluster's pods/log and pods/exec.</summary>
[ClusterTest]
public sealed class LogsExecSystemTests(PluginCluster cluster) : IClassFixture<PluginCluster>
{
    private const string Nginx = "nginxinc/nginx-unprivileged:1.27";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Logs_shows_every_replica_each_line_prefixed_by_its_pod()
    {
        var ns = await cluster.NamespaceAsync("logs");
        // nginx writes a start-up banner (the local kubelet's catalogue), so every replica has lines to show.
        (await cluster.Mc.RunAsync("create", "web", "-n", ns, "--image", Nginx, "--port", "8080", "--replicas", "2")).ShouldSucceed();
        using var client = cluster.Client();
        var pods = (await client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: "kubecontainers.io/container=web", cancellationToken: Ct)).Items.Select(p => p.Metadata.Name).ToList();

        var logs = (await cluster.Mc.RunAsync("logs", "web", "-n", ns)).ShouldSucceed().Stdout;
        var tail = (await cluster.Mc.RunAsync("logs", "web", "-n", ns, "--tail", "1", "--timestamps")).ShouldSucceed().Stdout;

        pods.Count.ShouldBe(2);
        var lines = logs.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.ShouldAllBe(l => l.StartsWith("[pod/web-", StringComparison.Ordinal));
        foreach (var pod in pods)
        {
            lines.ShouldContain(l => l.StartsWith($"[pod/{pod}/app] ", StringComparison.Ordinal), $"{pod} logged:\n{logs}");
        }

        var tailLines = tail.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        tailLines.Length.ShouldBe(2, tail);
        tailLines.ShouldAllBe(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\[pod/web-[-a-z0-9]+/app\] [0-9]{4}-[0-9]{2}-[0-9]{2}T"));
    }

    [Fact]
    public async Task Logs_follow_streams_until_interrupted()
    {
        var ns = await cluster.NamespaceAsync("follow");
        (await cluster.Mc.RunAsync("create", "web", "-n", ns, "--image", Nginx, "--port", "8080")).ShouldSucceed();
        using var follow = cluster.Mc.Start("logs", "web", "-n", ns, "-f");

        var first = await follow.StandardOutput.ReadLineAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(30), Ct);

        first.ShouldNotBeNull().ShouldStartWith("[pod/web-");
        follow.HasExited.ShouldBeFalse("-f keeps following");
        follow.Kill(entireProcessTree: true);
    }

    [Fact]
    public async Task Exec_runs_in_a_ready_replica_and_exits_with_the_commands_code()
    {
        var ns = await cluster.NamespaceAsync("exec");
        (await cluster.Mc.RunAsync("create", "web", "-n", ns, "--image", "example.com/app:1", "--port", "8080", "--env", "GREETING=hello")).ShouldSucceed();

        var echo = await cluster.Mc.RunAsync("exec", "web", "-n", ns, "--", "sh", "-c", "echo $GREETING from $HOSTNAME");
        var failing = await cluster.Mc.RunAsync("exec", "web", "-n", ns, "--", "sh", "-c", "exit 3");
        var wrongPod = await cluster.Mc.RunAsync("exec", "web", "-n", ns, "--pod", "nope", "--", "true");

        echo.ExitCode.ShouldBe(0, echo.Stderr);
        echo.Stdout.ShouldStartWith("hello from web-");
        failing.ExitCode.ShouldBe(3);
        wrongPod.ExitCode.ShouldBe(1);
        wrongPod.Stderr.ShouldStartWith("error: --pod \"nope\": not a pod of web (its pods: web-");
    }

    [Fact]
    public async Task Exec_into_a_stopped_container_says_there_is_no_ready_pod()
    {
        var ns = await cluster.NamespaceAsync("noexec");
        (await cluster.Mc.RunAsync("create", "web", "-n", ns, "--image", "example.com/app:1", "--no-wait")).ShouldSucceed();
        (await cluster.Mc.RunAsync("stop", "web", "-n", ns)).ShouldSucceed();
        using var client = cluster.Client();
        await Eventually.True(async () => (await client.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: Ct)).Items.Count == 0, "no pods", TimeSpan.FromSeconds(60));

        var run = await cluster.Mc.RunAsync("exec", "web", "-n", ns, "--", "true");

        run.ExitCode.ShouldBe(1);
        run.Stderr.ShouldBe("error: web has no ready pod to exec into (0 pod(s), none ready); name one with --pod\n");
    }
}
