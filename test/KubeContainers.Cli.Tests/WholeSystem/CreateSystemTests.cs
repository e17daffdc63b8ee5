
namespace KubeContainers.Cli.Tests.WholeSystem;

/// <summary><c>kubectl mc create</c>, <c>list</c> and <c>describe</c> through the real kubectl, against the real operator.</summary>
[ClusterTest]
public sealed class CreateSystemTests(PluginCluster cluster) : IClassFixture<PluginCluster>
{
    [Fact]
    public async Task Create_waits_until_ready_showing_the_checks_and_prints_the_url()
    {
        var ns = await cluster.NamespaceAsync("create");

        var run = (await cluster.Mc.RunAsync("create", "web", "-n", ns, "--image", "example.com/app:1", "--port", "8080")).ShouldSucceed();

        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("managedcontainer.kubecontainers.io/web created");
        string.Join(",", lines[1..^1].Order(StringComparer.Ordinal)).ShouldBe(
            "✓ healthCheckPassing,✓ imagePulled,✓ networkConfigured,✓ running,✓ sandboxAvailable,✓ scheduled,✓ urlAssigned,✓ volumesBound",
            $"every check shows once:\n{run.Stdout}");
        lines[^1].ShouldBe($"Ready http://web-{ns}.apps.example.test");
    }

    [Fact]
    public async Task Create_dry_run_prints_the_manifest_and_creates_nothing()
    {
        var ns = await cluster.NamespaceAsync("dry");

        var run = (await cluster.Mc.RunAsync("create", "api", "--image", "example.com/app:1", "--port", "8080", "--env", "MODE=fast",
            "--replicas", "2", "--volume", "data:/data:1Gi", "--dry-run", "-o", "yaml")).ShouldSucceed();

        GoldenText.Verify(run.Stdout, ns, "create-dry-run");
        (await cluster.Mc.RunAsync("list", "-n", ns)).Stderr.ShouldBe($"No resources found in {ns} namespace.\n");
    }

    [Fact]
    public async Task A_bad_flag_fails_naming_the_flag_and_the_rule()
    {
        var run = await cluster.Mc.RunAsync("create", "web", "--image", "example.com/app:1", "--volume", "data:/data");

        run.ExitCode.ShouldBe(1);
        run.Stderr.ShouldBe("error: --volume \"data:/data\": must be name:/path:size, e.g. data:/var/lib/data:1Gi\n");
    }

    [Fact]
    public async Task List_and_describe_show_what_runs()
    {
        var ns = await cluster.NamespaceAsync("show");
        (await cluster.Mc.RunAsync("create", "web", "-n", ns, "--image", "example.com/app:1", "--port", "8080", "--replicas", "2")).ShouldSucceed();
        (await cluster.Mc.RunAsync("create", "worker", "-n", ns, "--image", "example.com/app:1", "--no-wait")).ShouldSucceed();
        await cluster.WaitReadyAsync(ns, "worker");
        using var client = cluster.Client();
        await Eventually.True(async () => (await client.GetAsync(ns, "web"))?.Status.History?.LastOrDefault()?.Outcome == "Ready",
            "web's first rollout recorded Ready in status.history", TimeSpan.FromSeconds(30));

        GoldenText.Verify((await cluster.Mc.RunAsync("list", "-n", ns)).ShouldSucceed().Stdout, ns, "list");
        GoldenText.Verify((await cluster.Mc.RunAsync("list", "-n", ns, "--phase", "Failed")).ShouldSucceed().Stderr, ns, "list-phase-none");
        // Column widths follow the longest namespace of the whole cluster, which other tests' namespaces change.
        (await cluster.Mc.RunAsync("list", "-A")).ShouldSucceed().Stdout.Split('\n')
            .ShouldContain(line => System.Text.RegularExpressions.Regex.IsMatch(line, $"^{ns} +web +Running "));
        var describe = (await cluster.Mc.RunAsync("describe", "web", "-n", ns)).ShouldSucceed().Stdout;
        GoldenText.Verify(describe, ns, "describe");
    }

    [Fact]
    public async Task List_prints_json_and_yaml()
    {
        var ns = await cluster.NamespaceAsync("out");
        (await cluster.Mc.RunAsync("create", "web", "-n", ns, "--image", "example.com/app:1", "--no-wait")).ShouldSucceed();

        var json = System.Text.Json.Nodes.JsonNode.Parse((await cluster.Mc.RunAsync("list", "-n", ns, "-o", "json")).ShouldSucceed().Stdout)!;
        var yaml = (await cluster.Mc.RunAsync("list", "-n", ns, "-o", "yaml")).ShouldSucceed().Stdout;

        json["kind"]!.GetValue<string>().ShouldBe("List");
        json["items"]![0]!["metadata"]!["name"]!.GetValue<string>().ShouldBe("web");
        yaml.ShouldStartWith("apiVersion: v1\nkind: List\nitems:\n- apiVersion: kubecontainers.io/v1alpha1\n");
    }
}
