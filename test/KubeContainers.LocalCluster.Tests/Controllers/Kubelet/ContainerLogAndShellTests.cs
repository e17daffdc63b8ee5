using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers.Kubelet;
using KubeContainers.LocalCluster.Controllers.Kubelet.Exec;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace KubeContainers.LocalCluster.Tests.Controllers.Kubelet;

/// <summary>
/// The pure parts of logs and exec, without a server: what a run logs and when (<see cref="ContainerLog"/>), which
/// run the kubelet reads, PodLogOptions validation, and the simulated shell against a container's view.
/// </summary>
public sealed class ContainerLogAndShellTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 17, 5, 1, TimeSpan.Zero);
    private static readonly WriteOptions Write = new("tests");

    private static ResourceService Api()
    {
        var api = new ResourceService(new ObjectStore(1000), new ResourceRegistry(), [], TimeProvider.System);
        api.Create(BuiltinResources.Namespaces, null, JsonNode.Parse("""{"metadata":{"name":"shop"}}""")!.AsObject(), Write);
        return api;
    }

    private static JsonObject Pod(string containers, string volumes = "[]")
    {
        var pod = JsonNode.Parse("""
            {"metadata": {"name": "web", "namespace": "shop", "uid": "u1", "labels": {"app": "web"}},
             "spec": {"nodeName": "node-1"},
             "status": {"podIP": "10.244.0.5", "hostIP": "172.18.0.2"}}
            """)!.AsObject();
        pod["spec"]!["containers"] = JsonNode.Parse(containers);
        pod["spec"]!["volumes"] = JsonNode.Parse(volumes);
        return pod;
    }

    private static JsonObject Container(JsonObject pod) => pod["spec"]!["containers"]![0]!.AsObject();

    [Fact]
    public void A_run_logs_its_banner_each_probe_and_its_exit()
    {
        var pod = Pod("""[{"name": "web", "image": "nginx:1.27", "readinessProbe": {"httpGet": {"path": "/", "port": 80}, "initialDelaySeconds": 3, "periodSeconds": 2}}]""");
        var run = new ContainerRun("containerd://1", Start, Start.AddSeconds(10), 143);

        var lines = ContainerLog.Lines(Api(), pod, Container(pod), run, new LocalClusterOptions(), Start.AddSeconds(60));

        lines.Count(l => l.Text.Contains("kube-probe/1.31", StringComparison.Ordinal)).ShouldBe(4);
        lines.Where(l => l.Text.Contains("kube-probe", StringComparison.Ordinal)).Select(l => l.Time)
            .ShouldBe([Start.AddSeconds(3), Start.AddSeconds(5), Start.AddSeconds(7), Start.AddSeconds(9)]);
        lines[0].Text.ShouldStartWith("/docker-entrypoint.sh:");
        lines.ShouldContain(l => l.Text == "2026/12/07 17:05:01 [notice] 1#1: nginx/1.27.3");
        lines[^2].ShouldBe(new LogLine(Start.AddSeconds(10), "2026/12/07 17:05:11 [notice] 1#1: signal 15 (SIGTERM) received, exiting", Exit: true));
        lines.Skip(9).First().Text.ShouldBe("172.18.0.2 - - [07/Dec/2026:17:05:04 +0000] \"GET / HTTP/1.1\" 200 615 \"-\" \"kube-probe/1.31\" \"-\"");

        // Before the end, nothing after now: no exit yet.
        ContainerLog.Lines(Api(), pod, Container(pod), run, new LocalClusterOptions(), Start.AddSeconds(6)).ShouldAllBe(l => !l.Exit && l.Time <= Start.AddSeconds(6));
    }

    [Fact]
    public void A_long_run_keeps_only_the_newest_lines()
    {
        var pod = Pod("""[{"name": "web", "image": "nginx", "livenessProbe": {"httpGet": {"path": "/missing", "port": 80}, "periodSeconds": 1}}]""");
        var now = Start.AddHours(6);

        var lines = ContainerLog.Lines(Api(), pod, Container(pod), new ContainerRun("c", Start, null, 0), new LocalClusterOptions(), now);

        lines.Count.ShouldBe(ContainerLog.MaxLines);
        lines[^1].Time.ShouldBe(now);
        lines[^1].Text.ShouldContain("\"GET /missing HTTP/1.1\" 404 153");
        lines.ShouldNotContain(l => l.Text.StartsWith("/docker-entrypoint.sh", StringComparison.Ordinal));
    }

    [Fact]
    public void The_kubelet_reads_the_running_run_the_last_terminated_one_or_refuses()
    {
        var pod = Pod("""[{"name": "web", "image": "nginx"}]""");
        var terminated = """{"exitCode": 137, "startedAt": "2026-12-07T17:05:01Z", "finishedAt": "2026-12-07T17:05:03Z", "containerID": "containerd://0"}""";
        pod["status"]!["containerStatuses"] = JsonNode.Parse(
            """[{"name": "web", "containerID": "containerd://1", "state": {"waiting": {"reason": "CrashLoopBackOff"}}, "lastState": {"terminated": """ + terminated + "}}]");

        ContainerLog.RunToRead(pod, "web", previous: false).ShouldBe(new ContainerRun("containerd://0", Start, Start.AddSeconds(2), 137));
        ContainerLog.RunToRead(pod, "web", previous: true).ContainerId.ShouldBe("containerd://0");

        pod["status"]!["containerStatuses"] = JsonNode.Parse("""[{"name": "web", "state": {"waiting": {"reason": "ImagePullBackOff"}}, "lastState": {}}]""");
        Should.Throw<ApiException>(() => ContainerLog.RunToRead(pod, "web", previous: false)).Message
            .ShouldBe("container \"web\" in pod \"web\" is waiting to start: trying and failing to pull image");
        Should.Throw<ApiException>(() => ContainerLog.RunToRead(pod, "web", previous: true)).Message
            .ShouldBe("previous terminated container \"web\" in pod \"web\" not found");
        Should.Throw<ApiException>(() => ContainerLog.RunToRead(pod, "other", previous: false)).Message
            .ShouldBe("container \"other\" in pod \"web\" is not available");
    }

    [Fact]
    public void Log_options_are_validated_as_the_apiserver_does()
    {
        static IQueryCollection Query(params (string Key, string Value)[] values) =>
            new QueryCollection(values.ToDictionary(v => v.Key, v => new StringValues(v.Value)));

        LogQuery.Parse(Query(("follow", "1"), ("timestamps", "t"), ("tailLines", "5")), "web")
            .ShouldBe(new LogQuery(null, true, false, true, null, null, 5, null));
        var both = Should.Throw<ApiException>(() => LogQuery.Parse(Query(("sinceSeconds", "10"), ("sinceTime", "2026-12-07T17:05:01Z")), "web"));
        both.Code.ShouldBe(422);
        both.Message.ShouldBe("PodLogOptions \"web\" is invalid: : Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified");
        Should.Throw<ApiException>(() => LogQuery.Parse(Query(("sinceSeconds", "0")), "web")).Message
            .ShouldBe("PodLogOptions \"web\" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0");
        Should.Throw<ApiException>(() => LogQuery.Parse(Query(("follow", "yes")), "web")).Code.ShouldBe(400);
    }

    [Fact]
    public void The_shell_runs_lists_variables_and_exit_codes()
    {
        var pod = Pod("""[{"name": "web", "image": "debian:12", "env": [{"name": "A", "value": "one"}, {"name": "B", "value": "$(A)-two $$(A)"}]}]""");
        var sandbox = ContainerSandbox.For(Api(), pod, Container(pod), new LocalClusterOptions());

        SimulatedShell.Run(sandbox, ["sh", "-c", "X=1; echo \"$X $HOSTNAME $B\" && false || echo 'fell back'; echo $?"], "")
            .ShouldBe(new ExecResult("1 web one-two $(A)\nfell back\n0\n", "", 0));
        SimulatedShell.Run(sandbox, ["/bin/bash", "-c", "nope; exit 5"], "").ShouldBe(new ExecResult("", "bash: line 1: nope: command not found\n", 5));
        SimulatedShell.Run(sandbox, ["sh", "-c", "echo a | cat"], "")
            .ShouldBe(new ExecResult("", "sh: syntax error: \"|\" is not supported by the simulated shell\n", 2));
        SimulatedShell.Run(sandbox, ["sh"], "echo from stdin\nexit 7\n").ShouldBe(new ExecResult("from stdin\n", "", 7));
        SimulatedShell.Run(sandbox, ["ls", "/"], "").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldContain("etc");
        Should.Throw<ExecStartException>(() => SimulatedShell.Run(sandbox, ["/opt/app/run"], "")).Message
            .ShouldEndWith("exec: \"/opt/app/run\": stat /opt/app/run: no such file or directory: unknown");
    }

    [Fact]
    public void Busybox_images_word_errors_as_busybox_and_distroless_has_no_programs()
    {
        var busybox = Pod("""[{"name": "web", "image": "busybox:1.36"}]""");
        var sandbox = ContainerSandbox.For(Api(), busybox, Container(busybox), new LocalClusterOptions());
        SimulatedShell.Run(sandbox, ["cat", "/nope"], "").ShouldBe(new ExecResult("", "cat: can't open '/nope': No such file or directory\n", 1));
        SimulatedShell.Run(sandbox, ["sh", "-c", "bash"], "").ShouldBe(new ExecResult("", "sh: bash: not found\n", 127));

        var distroless = Pod("""[{"name": "web", "image": "gcr.io/distroless/static:nonroot"}]""");
        var bare = ContainerSandbox.For(Api(), distroless, Container(distroless), new LocalClusterOptions());
        Should.Throw<ExecStartException>(() => SimulatedShell.Run(bare, ["sh"], "")).Message
            .ShouldEndWith("exec: \"sh\": executable file not found in $PATH: unknown");
    }

    [Fact]
    public void Mounted_files_come_from_configmap_and_secret_volumes_items_and_subpaths()
    {
        var api = Api();
        api.Create(BuiltinResources.ConfigMaps, "shop", JsonNode.Parse("""{"metadata": {"name": "files"}, "data": {"app.conf": "port=80", "other": "x"}}""")!.AsObject(), Write);
        api.Create(BuiltinResources.Secrets, "shop", JsonNode.Parse("""{"metadata": {"name": "db"}, "data": {"password": "czNjcmV0"}}""")!.AsObject(), Write);
        var pod = Pod(
            """
            [{"name": "web", "image": "nginx", "envFrom": [{"secretRef": {"name": "db"}, "prefix": "DB_"}],
              "volumeMounts": [{"name": "conf", "mountPath": "/etc/app"}, {"name": "conf", "mountPath": "/srv/app.conf", "subPath": "renamed.conf"},
                               {"name": "db", "mountPath": "/run/db"}]}]
            """,
            """
            [{"name": "conf", "configMap": {"name": "files", "items": [{"key": "app.conf", "path": "renamed.conf"}]}},
             {"name": "db", "secret": {"secretName": "db"}}]
            """);
        var sandbox = ContainerSandbox.For(api, pod, Container(pod), new LocalClusterOptions());

        SimulatedShell.Run(sandbox, ["ls", "/etc/app"], "").Stdout.ShouldBe("renamed.conf\n");
        SimulatedShell.Run(sandbox, ["cat", "/srv/app.conf", "/run/db/password"], "").Stdout.ShouldBe("port=80s3cret");
        SimulatedShell.Run(sandbox, ["printenv", "DB_password"], "").Stdout.ShouldBe("s3cret\n");
        SimulatedShell.Run(sandbox, ["ls", "/etc/app/other"], "")
            .ShouldBe(new ExecResult("", "ls: cannot access '/etc/app/other': No such file or directory\n", 2));
    }
}
