using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;
using KubeContainers.LocalCluster.Tests.Support;

namespace KubeContainers.LocalCluster.Tests.Conformance;

/// <summary>
/// <c>kubectl logs</c> (the real kubectl) against the local cluster's pods/log: what the simulated programs write
/// (the image's banner, an access line per HTTP probe, the exit), <c>--tail</c>, <c>--since</c>, <c>--timestamps</c>,
/// <c>--limit-bytes</c>, <c>--previous</c> after a restart, <c>-f</c>, <c>-c</c>, and the apiserver's and kubelet's errors.
/// </summary>
[ClusterTest]
public sealed class PodLogsConformanceTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private const string Banner = "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration";
    private const string ProbeLine = "\"GET / HTTP/1.1\" 200 615 \"-\" \"kube-probe/1.31\" \"-\"";

    private Kubectl Kubectl => fixture.Kubectl;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>nginx probed on / every second (a line each time), and a busybox sidecar that echoes at start.</summary>
    private static string ProbedPod(string ns, string name) => $$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: {{name}}, namespace: {{ns}}}
        spec:
          containers:
          - name: web
            image: nginx:1.27
            readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 1}
          - name: side
            image: busybox:1.36
            command: [sh, -c, 'echo sidecar up on $HOSTNAME; sleep 3600']
        """;

    /// <summary>A fresh namespace with the pod (<see cref="ProbedPod"/> unless told; NS in <paramref name="yaml"/> is
    /// the namespace), once it is Ready unless <paramref name="waitReady"/> is false.</summary>
    /// <summary>nginx with a liveness probe on /healthz, which its default site answers 404: the kubelet restarts it
    /// after <paramref name="failureThreshold"/> failed probes, one a second.</summary>
    private Task<string> LiveNginxAsync(string prefix, int failureThreshold) => RunningPodAsync(prefix, $$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: live, namespace: NS}
        spec:
          containers:
          - name: web
            image: nginx:1.27
            livenessProbe: {httpGet: {path: /healthz, port: 80}, periodSeconds: 1, failureThreshold: {{failureThreshold}}}
        """, waitReady: false);

    private async Task<string> RunningPodAsync(string prefix, string? yaml = null, bool waitReady = true)
    {
        var ns = await fixture.NamespaceAsync(prefix);
        (await Kubectl.RunAsync("apply -f -", yaml?.Replace("NS", ns, StringComparison.Ordinal) ?? ProbedPod(ns, "web"))).ShouldSucceed();
        if (waitReady)
        {
            (await Kubectl.RunAsync($"wait --for=condition=Ready pod --all -n {ns} --timeout=30s", timeout: TimeSpan.FromSeconds(40))).ShouldSucceed();
        }

        return ns;
    }

    private async Task<string[]> LogLinesAsync(string arguments) =>
        (await Kubectl.RunAsync("logs " + arguments)).ShouldSucceed().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Waits until the web container has logged at least <paramref name="probes"/> probe lines.</summary>
    private Task<string[]> ProbeLinesAsync(string ns, int probes) =>
        Eventually.Returns(() => LogLinesAsync($"web -c web -n {ns}"), lines => lines.Count(l => l.EndsWith(ProbeLine, StringComparison.Ordinal)) >= probes,
            $"{probes} probe lines in the log");

    [Fact]
    public async Task Logs_show_the_images_banner_then_an_access_line_per_probe()
    {
        var ns = await RunningPodAsync("logs");
        var lines = await ProbeLinesAsync(ns, 2);

        lines[0].ShouldBe(Banner);
        lines.ShouldContain(l => Regex.IsMatch(l, @"^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d \[notice\] 1#1: nginx/1\.27\.3$"));
        lines.Last().ShouldMatch(@"^172\.18\.0\.\d+ - - \[\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d \+0000\] " + Regex.Escape(ProbeLine) + "$");
        // A plain image logs what its command echoes, with the container's environment.
        (await LogLinesAsync($"web -c side -n {ns}")).ShouldBe(["sidecar up on web"]);
    }

    [Fact]
    public async Task Tail_timestamps_since_and_limit_bytes_select_and_shape_the_lines()
    {
        var ns = await RunningPodAsync("logsopts");
        await ProbeLinesAsync(ns, 4);

        var tail = await LogLinesAsync($"web -c web -n {ns} --tail=2 --timestamps");
        tail.Length.ShouldBe(2);
        tail.ShouldAllBe(l => Regex.IsMatch(l, @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z 172\.18\.") && l.EndsWith(ProbeLine, StringComparison.Ordinal));

        // The banner was written at start, 3 s and more ago: --since=2s leaves it out, not the last probes.
        var recent = await LogLinesAsync($"web -c web -n {ns} --since=2s");
        recent.ShouldNotBeEmpty();
        recent.ShouldAllBe(l => l.EndsWith(ProbeLine, StringComparison.Ordinal));
        (await LogLinesAsync($"web -c web -n {ns} --since-time=2020-01-01T00:00:00Z"))[0].ShouldBe(Banner);

        (await Kubectl.RunAsync($"logs web -c web -n {ns} --limit-bytes=20")).ShouldSucceed().Stdout.ShouldBe(Banner[..20]);
        (await LogLinesAsync($"web -c web -n {ns} --tail=0")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Previous_shows_the_run_before_a_restart_and_the_kubelets_error_without_one()
    {
        // /healthz is not on nginx's default site: the liveness probe gets 404 and the kubelet restarts the container.
        var ns = await LiveNginxAsync("previous", failureThreshold: 2);
        await Eventually.True(async () =>
            (await Kubectl.RunAsync($"get pod live -n {ns} -o jsonpath={{.status.containerStatuses[0].restartCount}}")).Stdout is not ("" or "0"),
            "a restart");

        var previous = await LogLinesAsync($"live -n {ns} --previous");
        previous[0].ShouldBe(Banner);
        previous.Count(l => l.Contains("\"GET /healthz HTTP/1.1\" 404 153", StringComparison.Ordinal)).ShouldBe(2);
        previous[^2].ShouldEndWith("[notice] 1#1: signal 15 (SIGTERM) received, exiting");
        previous[^1].ShouldEndWith("[notice] 1#1: exit");

        var other = await RunningPodAsync("noprevious");
        (await Kubectl.RunAsync($"logs web -c web -n {other} --previous")).ShouldFail().Stderr.Trim()
            .ShouldBe("Error from server (BadRequest): previous terminated container \"web\" in pod \"web\" not found");
    }

    [Fact]
    public async Task Follow_streams_each_new_line_until_stopped()
    {
        var ns = await RunningPodAsync("follow");
        var initial = (await ProbeLinesAsync(ns, 1)).Count(l => l.EndsWith(ProbeLine, StringComparison.Ordinal));
        using var follow = Kubectl.Start($"logs -f web -c web -n {ns}");
        var lines = new List<string>();
        var reading = Task.Run(async () =>
        {
            while (await follow.StandardOutput.ReadLineAsync(Ct) is { } line)
            {
                lock (lines)
                {
                    lines.Add(line);
                }
            }
        }, Ct);
        try
        {
            // Lines written after kubectl connected arrive on the open stream, one probe a second.
            await Eventually.Until(() => { lock (lines) { return lines.Count(l => l.EndsWith(ProbeLine, StringComparison.Ordinal)); } },
                count => count >= initial + 2, "new probe lines on the followed stream", TimeSpan.FromSeconds(15));
            follow.HasExited.ShouldBeFalse();
        }
        finally
        {
            follow.Kill(entireProcessTree: true);
        }

        await follow.WaitForExitAsync(Ct);
        await reading;
        lock (lines)
        {
            lines[0].ShouldBe(Banner);
        }
    }

    [Fact]
    public async Task Follow_ends_with_the_run_when_the_kubelet_kills_it()
    {
        var ns = await LiveNginxAsync("followend", failureThreshold: 3);
        await Eventually.True(async () =>
            (await Kubectl.RunAsync($"get pod live -n {ns} -o jsonpath={{.status.containerStatuses[0].state}}")).Stdout.Contains("running", StringComparison.Ordinal),
            "the container to run");

        // No kill: kubectl returns by itself once the run it follows has written its exit.
        var followed = await Kubectl.RunAsync($"logs -f live -n {ns}", timeout: TimeSpan.FromSeconds(30));
        followed.ShouldSucceed().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].ShouldEndWith("[notice] 1#1: exit");
    }

    [Fact]
    public async Task Attach_streams_what_the_container_writes_from_now_on()
    {
        var ns = await RunningPodAsync("attach");
        using var attach = Kubectl.Start($"attach web -c web -n {ns}");
        try
        {
            var line = await attach.StandardOutput.ReadLineAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(15), Ct);
            line.ShouldNotBeNull().ShouldEndWith(ProbeLine);
        }
        finally
        {
            attach.Kill(entireProcessTree: true);
        }

        await attach.WaitForExitAsync(Ct);
    }

    [Fact]
    public async Task Container_choice_and_the_errors_of_the_apiserver_and_kubelet()
    {
        var ns = await RunningPodAsync("choice");
        (await LogLinesAsync($"web -n {ns} -c side")).ShouldBe(["sidecar up on web"]);
        var defaulted = await Kubectl.RunAsync($"logs web -n {ns}");
        defaulted.ShouldSucceed().Stderr.ShouldContain("Defaulted container \"web\" out of: web, side");
        defaulted.Stdout.ShouldStartWith(Banner);

        // kubectl checks the name itself; the apiserver answers other clients with the same words.
        (await Kubectl.RunAsync($"logs web -n {ns} -c nope")).ShouldFail().Stderr.Trim().ShouldBe("error: container nope is not valid for pod web");
        (await Kubectl.RunAsync($"logs nope -n {ns}")).ShouldFail().Stderr.Trim()
            .ShouldBe($"error: error from server (NotFound): pods \"nope\" not found in namespace \"{ns}\"");

        // kubectl picks a container itself; other clients get the apiserver's 400 naming them all.
        using var http = fixture.Cluster.CreateHttpClient();
        var noContainer = await http.GetAsync($"/api/v1/namespaces/{ns}/pods/web/log", Ct);
        noContainer.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Message(await noContainer.Content.ReadAsStringAsync(Ct)).ShouldBe("a container name must be specified for pod web, choose one of: [web side]");
        var missingPod = await http.GetAsync($"/api/v1/namespaces/{ns}/pods/nope/log", Ct);
        missingPod.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        Message(await missingPod.Content.ReadAsStringAsync(Ct)).ShouldBe("pods \"nope\" not found");
        var unknown = await http.GetAsync($"/api/v1/namespaces/{ns}/pods/web/log?container=nope", Ct);
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Message(await unknown.Content.ReadAsStringAsync(Ct)).ShouldBe("container nope is not valid for pod web");
        var negative = await http.GetAsync($"/api/v1/namespaces/{ns}/pods/web/log?container=web&tailLines=-1&limitBytes=0", Ct);
        ((int)negative.StatusCode).ShouldBe(422);
        Message(await negative.Content.ReadAsStringAsync(Ct)).ShouldBe(
            "PodLogOptions \"web\" is invalid: [tailLines: Invalid value: -1: must be greater than or equal to 0, limitBytes: Invalid value: 0: must be greater than 0]");

        // A container not started yet: its volume's ConfigMap does not exist, so the pod stays in ContainerCreating.
        (await Kubectl.RunAsync("apply -f -", $$$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: waiting, namespace: {{{ns}}}}
            spec:
              containers:
              - {name: app, image: nginx:1.27, volumeMounts: [{name: config, mountPath: /etc/config}]}
              volumes:
              - {name: config, configMap: {name: missing}}
            """)).ShouldSucceed();
        await Eventually.True(async () =>
            (await Kubectl.RunAsync($"get pod waiting -n {ns} -o jsonpath={{.spec.nodeName}}")).Stdout.Length > 0 &&
            (await Kubectl.RunAsync($"get pod waiting -n {ns} -o jsonpath={{.status.containerStatuses[0].state.waiting.reason}}")).Stdout == "ContainerCreating",
            "the pod to wait in ContainerCreating");
        (await Kubectl.RunAsync($"logs waiting -n {ns}")).ShouldFail().Stderr.Trim()
            .ShouldBe("Error from server (BadRequest): container \"app\" in pod \"waiting\" is waiting to start: ContainerCreating");
    }

    [Fact]
    public async Task The_csharp_client_reads_a_log()
    {
        var ns = await RunningPodAsync("client");
        await ProbeLinesAsync(ns, 1);
        var client = fixture.Client();
        await using var stream = await client.CoreV1.ReadNamespacedPodLogAsync("web", ns, container: "web", tailLines: 1, cancellationToken: Ct);
        using var reader = new StreamReader(stream);
        (await reader.ReadToEndAsync(Ct)).ShouldEndWith(ProbeLine + "\n");
    }

    private static string Message(string status) => JsonNode.Parse(status)!["message"]!.GetValue<string>();
}
