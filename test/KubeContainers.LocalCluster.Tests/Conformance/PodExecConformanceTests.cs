using System.Net.WebSockets;
using System.Text;
using k8s;
using KubeContainers.LocalCluster.Tests.Support;

namespace KubeContainers.LocalCluster.Tests.Conformance;

/// <summary>
/// <c>kubectl exec</c> (the real kubectl, over WebSocket v5.channel.k8s.io) and KubernetesClient's exec (v4) against
/// the local cluster's simulated containers: echo, env as the kubelet resolves it, cat and ls of mounted files, stdin,
/// exit codes, a program the image lacks, a container that does not run, and RBAC on pods/exec and pods/log.
/// </summary>
[ClusterTest]
public sealed class PodExecConformanceTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private Kubectl Kubectl => fixture.Kubectl;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>nginx with variables from a ConfigMap, the downward API and $(VAR), a ConfigMap volume, a subPath mount of one of its keys, and a Secret volume.</summary>
    private static string Workload(string ns) => $$"""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings, namespace: {{ns}}}
        data: {greeting: hello, settings.json: '{"debug":true}'}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: creds, namespace: {{ns}}}
        data: {password: czNjcmV0}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: {{ns}}}
        spec:
          containers:
          - name: web
            image: nginx:1.27
            env:
            - name: GREETING
              valueFrom:
                configMapKeyRef: {name: settings, key: greeting}
            - name: POD_NAME
              valueFrom:
                fieldRef: {fieldPath: metadata.name}
            - {name: MESSAGE, value: "$(GREETING) from $(POD_NAME)"}
            volumeMounts:
            - {name: config, mountPath: /etc/config}
            - {name: config, mountPath: /app/settings.json, subPath: settings.json}
            - {name: creds, mountPath: /var/run/creds, readOnly: true}
          volumes:
          - name: config
            configMap: {name: settings}
          - name: creds
            secret: {secretName: creds}
        """;

    private async Task<string> RunningPodAsync(string prefix)
    {
        var ns = await fixture.NamespaceAsync(prefix);
        (await Kubectl.RunAsync("apply -f -", Workload(ns))).ShouldSucceed();
        (await Kubectl.RunAsync($"wait --for=condition=Ready pod/web -n {ns} --timeout=30s", timeout: TimeSpan.FromSeconds(40))).ShouldSucceed();
        return ns;
    }

    private async Task<string> ExecAsync(string ns, string command, string? stdin = null) =>
        (await Kubectl.RunAsync($"exec {(stdin is null ? "" : "-i ")}web -n {ns} -- {command}", stdin)).ShouldSucceed().Stdout;

    [Fact]
    public async Task Exec_runs_echo_env_cat_ls_and_hostname_against_the_containers_view()
    {
        var ns = await RunningPodAsync("exec");

        (await ExecAsync(ns, "echo hello world")).ShouldBe("hello world\n");
        // kubectl 1.32 upgrades to a WebSocket speaking v5 and never falls back to SPDY.
        var verbose = (await Kubectl.RunAsync($"exec -v=6 web -n {ns} -- true")).ShouldSucceed().Stderr;
        verbose.ShouldContain($"GET {fixture.Cluster.Url.ToString().TrimEnd('/')}/api/v1/namespaces/{ns}/pods/web/exec?command=true&container=web&stderr=true&stdout=true 101 Switching Protocols");
        verbose.ShouldContain("The subprotocol is v5.channel.k8s.io");
        verbose.ShouldNotContain("fallback", Case.Insensitive);
        (await ExecAsync(ns, "hostname")).ShouldBe("web\n");
        var env = (await ExecAsync(ns, "env")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        env.ShouldContain("GREETING=hello");
        env.ShouldContain("POD_NAME=web");
        env.ShouldContain("MESSAGE=hello from web");
        env.ShouldContain("HOSTNAME=web");
        env.ShouldContain("KUBERNETES_SERVICE_HOST=10.96.0.1");
        env[0].ShouldStartWith("PATH=");
        (await ExecAsync(ns, "printenv MESSAGE")).ShouldBe("hello from web\n");

        (await ExecAsync(ns, "cat /etc/config/greeting")).ShouldBe("hello");
        (await ExecAsync(ns, "cat /app/settings.json")).ShouldBe("{\"debug\":true}");
        (await ExecAsync(ns, "cat /var/run/creds/password")).ShouldBe("s3cret");
        (await ExecAsync(ns, "ls /etc/config")).ShouldBe("greeting\nsettings.json\n");
        (await ExecAsync(ns, "sh -c 'echo \"$GREETING, $POD_NAME\" && cat /etc/hostname'")).ShouldBe("hello, web\nweb\n");
    }

    [Fact]
    public async Task Exit_codes_and_errors_come_back_as_kubectl_reports_them()
    {
        var ns = await RunningPodAsync("exitcodes");

        var falsy = await Kubectl.RunAsync($"exec web -n {ns} -- false");
        falsy.ExitCode.ShouldBe(1);
        falsy.Stderr.Trim().ShouldBe("command terminated with exit code 1");
        var three = await Kubectl.RunAsync($"exec web -n {ns} -- sh -c 'echo partial; exit 3'");
        three.ExitCode.ShouldBe(3);
        three.Stdout.ShouldBe("partial\n");
        three.Stderr.Trim().ShouldBe("command terminated with exit code 3");

        var missingFile = await Kubectl.RunAsync($"exec web -n {ns} -- cat /etc/config/nope");
        missingFile.ExitCode.ShouldBe(1);
        missingFile.Stderr.ShouldBe("cat: /etc/config/nope: No such file or directory\ncommand terminated with exit code 1\n");

        // In a script the shell (dash, on nginx's Debian) reports the missing program: 127.
        var inShell = await Kubectl.RunAsync($"exec web -n {ns} -- sh -c nginx-debug");
        inShell.ExitCode.ShouldBe(127);
        inShell.Stderr.ShouldBe("sh: 1: nginx-debug: not found\ncommand terminated with exit code 127\n");

        // Exec'ed directly, the runtime cannot start it: containerd's error, through the kubelet and the stream translator.
        var unknown = await Kubectl.RunAsync($"exec web -n {ns} -- nginx-debug");
        unknown.ExitCode.ShouldBe(1);
        unknown.Stderr.ShouldStartWith("error: Internal error occurred: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec \"");
        unknown.Stderr.Trim().ShouldEndWith("\": OCI runtime exec failed: exec failed: unable to start container process: exec: \"nginx-debug\": executable file not found in $PATH: unknown");
    }

    [Fact]
    public async Task Stdin_reaches_cat_and_a_shell()
    {
        var ns = await RunningPodAsync("stdin");

        (await ExecAsync(ns, "cat", "piped\ntext\n")).ShouldBe("piped\ntext\n");
        var script = await Kubectl.RunAsync($"exec -i web -n {ns} -- sh", "echo $MESSAGE\nexit 4\n");
        script.ExitCode.ShouldBe(4);
        script.Stdout.ShouldBe("hello from web\n");
    }

    [Fact]
    public async Task Exec_into_a_container_that_does_not_run_fails_as_upstream()
    {
        var ns = await fixture.NamespaceAsync("notrunning");
        (await Kubectl.RunAsync("apply -f -", $$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: pull, namespace: {{ns}}}
            spec:
              containers:
              - {name: app, image: registry.example/does-not-exist:1}
            """)).ShouldSucceed();
        await Eventually.True(async () =>
            (await Kubectl.RunAsync($"get pod pull -n {ns} -o jsonpath={{.status.containerStatuses[0].state.waiting.reason}}")).Stdout is "ErrImagePull" or "ImagePullBackOff",
            "the image pull to fail");

        var refused = await Kubectl.RunAsync($"exec pull -n {ns} -- true");
        refused.ExitCode.ShouldBe(1);
        refused.Stderr.Trim().ShouldBe("error: Internal error occurred: unable to upgrade connection: container not found (\"app\")");
    }

    [Fact]
    public async Task The_csharp_client_execs_over_v4_and_gets_the_exit_code()
    {
        var ns = await RunningPodAsync("client");
        var client = fixture.Client();
        var stdout = "";
        var code = await client.NamespacedPodExecAsync("web", ns, "web", ["sh", "-c", "echo $GREETING; exit 2"], false,
            async (_, output, _) => stdout = await new StreamReader(output, Encoding.UTF8).ReadToEndAsync(Ct), Ct);

        code.ShouldBe(2);
        stdout.ShouldBe("hello\n");
        (await client.NamespacedPodExecAsync("web", ns, "web", ["true"], false, (_, _, _) => Task.CompletedTask, Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task A_shell_at_a_terminal_runs_each_line_as_it_is_entered_over_v5()
    {
        var ns = await RunningPodAsync("tty");
        using var socket = new ClientWebSocket();
        var certificate = fixture.Cluster.Auth.Certificate;
        socket.Options.RemoteCertificateValidationCallback = (_, presented, _, _) =>
            presented is not null && certificate.Trusts(System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(presented.GetRawCertData()));
        socket.Options.SetRequestHeader("Authorization", "Bearer " + fixture.Cluster.AdminToken);
        socket.Options.AddSubProtocol("v5.channel.k8s.io");
        var url = new UriBuilder(fixture.Cluster.Url) { Scheme = "wss", Path = $"/api/v1/namespaces/{ns}/pods/web/exec", Query = "command=sh&stdin=true&stdout=true&tty=true" };
        await socket.ConnectAsync(url.Uri, Ct);
        socket.SubProtocol.ShouldBe("v5.channel.k8s.io");

        var terminal = new StringBuilder();
        string? status = null;
        async Task ReadUntilAsync(Func<bool> done)
        {
            var buffer = new byte[64 * 1024];
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            deadline.CancelAfter(TimeSpan.FromSeconds(15));
            while (!done())
            {
                var received = await socket.ReceiveAsync(buffer, deadline.Token);
                received.EndOfMessage.ShouldBeTrue();
                var text = Encoding.UTF8.GetString(buffer, 1, received.Count - 1);
                if (buffer[0] == 1)
                {
                    terminal.Append(text);
                }
                else if (buffer[0] == 3)
                {
                    status = text;
                }
            }
        }

        Task TypeAsync(string keys) => socket.SendAsync((byte[])[0, .. Encoding.UTF8.GetBytes(keys)], WebSocketMessageType.Binary, true, Ct);

        await ReadUntilAsync(() => terminal.ToString() == "# ");
        await TypeAsync("X=5; echo \"$X $HOSTNAME\" && ls /etc/confiX\x7fg\r");
        await ReadUntilAsync(() => terminal.ToString().EndsWith("\r\n# ", StringComparison.Ordinal));
        terminal.ToString().ShouldBe("# X=5; echo \"$X $HOSTNAME\" && ls /etc/confiX\b \bg\r\n5 web\r\ngreeting\r\nsettings.json\r\n# ");

        await TypeAsync("false; exit $?\r");
        await ReadUntilAsync(() => status is not null);
        status.ShouldBe("""{"metadata":{},"status":"Failure","message":"command terminated with non-zero exit code: command terminated with exit code 1","reason":"NonZeroExitCode","details":{"causes":[{"reason":"ExitCode","message":"1"}]}}""");
    }

    [Fact]
    public async Task Exec_needs_create_on_pods_exec_and_logs_need_get_on_pods_log()
    {
        var ns = await RunningPodAsync("rbac");
        (await Kubectl.RunAsync($"create serviceaccount bot -n {ns}")).ShouldSucceed();
        var token = (await Kubectl.RunAsync($"create token bot -n {ns}")).ShouldSucceed().Stdout.Trim();
        var bot = await fixture.KubectlWithTokenAsync(token);
        var user = $"system:serviceaccount:{ns}:bot";
        (await Kubectl.RunAsync($"create role reader -n {ns} --verb=get --resource=pods,pods/exec")).ShouldSucceed();
        (await Kubectl.RunAsync($"create rolebinding bot-reads -n {ns} --role=reader --serviceaccount={ns}:bot")).ShouldSucceed();

        (await bot.RunAsync($"exec web -n {ns} -- true")).ShouldFail().Stderr.Trim().ShouldBe(
            $"Error from server (Forbidden): pods \"web\" is forbidden: User \"{user}\" cannot create resource \"pods/exec\" in API group \"\" in the namespace \"{ns}\"");
        (await bot.RunAsync($"logs web -n {ns}")).ShouldFail().Stderr.Trim().ShouldBe(
            $"Error from server (Forbidden): pods \"web\" is forbidden: User \"{user}\" cannot get resource \"pods/log\" in API group \"\" in the namespace \"{ns}\"");

        (await Kubectl.RunAsync($"create role execer -n {ns} --verb=create --resource=pods/exec")).ShouldSucceed();
        (await Kubectl.RunAsync($"create role log-reader -n {ns} --verb=get --resource=pods/log")).ShouldSucceed();
        (await Kubectl.RunAsync($"create rolebinding bot-execs -n {ns} --role=execer --serviceaccount={ns}:bot")).ShouldSucceed();
        (await Kubectl.RunAsync($"create rolebinding bot-logs -n {ns} --role=log-reader --serviceaccount={ns}:bot")).ShouldSucceed();

        (await bot.RunAsync($"exec web -n {ns} -- echo allowed")).ShouldSucceed().Stdout.ShouldBe("allowed\n");
        (await bot.RunAsync($"logs web -n {ns}")).ShouldSucceed().Stdout.ShouldStartWith("/docker-entrypoint.sh:");
    }
}
