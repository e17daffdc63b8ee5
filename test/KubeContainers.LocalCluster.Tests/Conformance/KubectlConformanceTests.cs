using KubeContainers.LocalCluster.Tests.Support;

namespace KubeContainers.LocalCluster.Tests.Conformance;

/// <summary>The local cluster driven by the real kubectl: every command listed in the LocalCluster README.</summary>
[ClusterTest]
public sealed class KubectlConformanceTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private Kubectl Kubectl => fixture.Kubectl;

    private static string ConfigMap(string ns, string name, string value, string extra = "") => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {name}
          namespace: {ns}
          labels:
            app: demo
        {extra}data:
          key: "{value}"
        """;

    [Fact]
    public async Task Discovery_lists_builtin_kinds()
    {
        var result = (await Kubectl.RunAsync("api-resources")).ShouldSucceed();
        foreach (var kind in new[] { "Deployment", "ReplicaSet", "Job", "Ingress", "NetworkPolicy", "RuntimeClass", "Lease", "CustomResourceDefinition", "PersistentVolumeClaim" })
        {
            result.Stdout.ShouldContain(kind);
        }

        (await Kubectl.RunAsync("version -o json")).ShouldSucceed().Stdout.ShouldContain("\"serverVersion\"");
    }

    [Fact]
    public async Task Apply_creates_then_updates_then_reports_unchanged()
    {
        var ns = await fixture.NamespaceAsync("apply");
        (await Kubectl.RunAsync("apply -f -", ConfigMap(ns, "settings", "one"))).ShouldSucceed().Stdout.ShouldContain("configmap/settings created");
        (await Kubectl.RunAsync("apply -f -", ConfigMap(ns, "settings", "two"))).ShouldSucceed().Stdout.ShouldContain("configmap/settings configured");
        (await Kubectl.RunAsync("apply -f -", ConfigMap(ns, "settings", "two"))).ShouldSucceed().Stdout.ShouldContain("configmap/settings unchanged");
        var value = (await Kubectl.RunAsync($"get configmap settings -n {ns} -o jsonpath={{.data.key}}")).ShouldSucceed().Stdout;
        value.ShouldBe("two");
    }

    [Fact]
    public async Task Server_side_apply_detects_conflicts_and_force_takes_over()
    {
        var ns = await fixture.NamespaceAsync("ssa");
        (await Kubectl.RunAsync("apply --server-side --field-manager=alice -f -", ConfigMap(ns, "shared", "alice"))).ShouldSucceed().Stdout.ShouldContain("serverside-applied");
        var conflict = (await Kubectl.RunAsync("apply --server-side --field-manager=bob -f -", ConfigMap(ns, "shared", "bob"))).ShouldFail();
        conflict.Stderr.ShouldContain("conflict");
        conflict.Stderr.ShouldContain("alice");
        (await Kubectl.RunAsync("apply --server-side --field-manager=bob --force-conflicts -f -", ConfigMap(ns, "shared", "bob"))).ShouldSucceed();
        var yaml = (await Kubectl.RunAsync($"get configmap shared -n {ns} -o yaml --show-managed-fields")).ShouldSucceed().Stdout;
        yaml.ShouldContain("key: bob");
        yaml.ShouldContain("manager: bob");
    }

    [Fact]
    public async Task Get_formats_yaml_wide_and_label_selectors()
    {
        var ns = await fixture.NamespaceAsync("get");
        (await Kubectl.RunAsync("apply -f -", ConfigMap(ns, "labelled", "x"))).ShouldSucceed();
        (await Kubectl.RunAsync("apply -f -", ConfigMap(ns, "unlabelled", "x").Replace("app: demo", "app: other", StringComparison.Ordinal))).ShouldSucceed();
        var yaml = (await Kubectl.RunAsync($"get configmap labelled -n {ns} -o yaml")).ShouldSucceed().Stdout;
        yaml.ShouldContain("resourceVersion:");
        yaml.ShouldContain("uid:");
        yaml.ShouldContain("creationTimestamp:");
        var selected = (await Kubectl.RunAsync($"get configmaps -n {ns} -l app=demo -o name")).ShouldSucceed().Stdout;
        selected.Trim().ShouldBe("configmap/labelled");
        var excluded = (await Kubectl.RunAsync($"get configmaps -n {ns} -l 'app!=demo' -o name")).ShouldSucceed().Stdout;
        excluded.ShouldContain("configmap/unlabelled");
        excluded.ShouldNotContain("configmap/labelled");
        var table = (await Kubectl.RunAsync($"get configmaps -n {ns} -o wide")).ShouldSucceed().Stdout;
        table.ShouldContain("NAME");
        table.ShouldContain("labelled");
    }

    [Fact]
    public async Task Patch_merge_json_and_strategic()
    {
        var ns = await fixture.NamespaceAsync("patch");
        (await Kubectl.RunAsync("apply -f -", ConfigMap(ns, "patched", "v0"))).ShouldSucceed();
        (await Kubectl.RunAsync($"patch configmap patched -n {ns} --type merge -p '{{\"data\":{{\"merge\":\"yes\"}}}}'")).ShouldSucceed();
        (await Kubectl.RunAsync($"patch configmap patched -n {ns} --type json -p '[{{\"op\":\"replace\",\"path\":\"/data/key\",\"value\":\"v1\"}}]'")).ShouldSucceed();
        (await Kubectl.RunAsync($"patch configmap patched -n {ns} --type strategic -p '{{\"data\":{{\"strategic\":\"yes\"}}}}'")).ShouldSucceed();
        var data = (await Kubectl.RunAsync($"get configmap patched -n {ns} -o jsonpath={{.data}}")).ShouldSucceed().Stdout;
        data.ShouldContain("\"merge\":\"yes\"");
        data.ShouldContain("\"key\":\"v1\"");
        data.ShouldContain("\"strategic\":\"yes\"");
        var failed = (await Kubectl.RunAsync($"patch configmap patched -n {ns} --type json -p '[{{\"op\":\"test\",\"path\":\"/data/key\",\"value\":\"nope\"}}]'")).ShouldFail();
        failed.Stderr.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Replace_with_a_stale_resource_version_conflicts()
    {
        var ns = await fixture.NamespaceAsync("replace");
        (await Kubectl.RunAsync("apply -f -", ConfigMap(ns, "edited", "v0"))).ShouldSucceed();
        var current = (await Kubectl.RunAsync($"get configmap edited -n {ns} -o yaml")).ShouldSucceed().Stdout;
        (await Kubectl.RunAsync("replace -f -", current.Replace("key: v0", "key: v1", StringComparison.Ordinal))).ShouldSucceed();
        var stale = (await Kubectl.RunAsync("replace -f -", current.Replace("key: v0", "key: v2", StringComparison.Ordinal))).ShouldFail();
        stale.Stderr.ShouldContain("the object has been modified");
        (await Kubectl.RunAsync($"get configmap edited -n {ns} -o jsonpath={{.data.key}}")).Stdout.ShouldBe("v1");
    }

    [Fact]
    public async Task Delete_waits_for_finalizers()
    {
        var ns = await fixture.NamespaceAsync("finalize");
        (await Kubectl.RunAsync("apply -f -", ConfigMap(ns, "guarded", "x", "  finalizers:\n  - example.com/hold\n"))).ShouldSucceed();
        using var waiting = Kubectl.Start($"delete configmap guarded -n {ns} --wait=true --timeout=30s");
        // The object stays, marked for deletion, until the finalizer goes: only then may kubectl's wait end.
        await Eventually.True(async () =>
            (await Kubectl.RunAsync($"get configmap guarded -n {ns} -o jsonpath={{.metadata.deletionTimestamp}}")).Stdout.Length > 0,
            "the delete to mark the configmap");
        waiting.HasExited.ShouldBeFalse();
        (await Kubectl.RunAsync($"patch configmap guarded -n {ns} --type json -p '[{{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}}]'")).ShouldSucceed();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await waiting.WaitForExitAsync(deadline.Token);
        waiting.ExitCode.ShouldBe(0, await waiting.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken));
        (await Kubectl.RunAsync($"get configmap guarded -n {ns}")).ShouldFail().Stderr.ShouldContain("NotFound");
    }

    [Fact]
    public async Task Get_watch_streams_new_objects()
    {
        var ns = await fixture.NamespaceAsync("watch");
        using var watch = Kubectl.Start($"get configmaps -n {ns} -w -o name");
        var lines = new List<string>();
        var reader = Task.Run(async () =>
        {
            while (await watch.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (lines)
                {
                    lines.Add(line);
                }
            }
        }, TestContext.Current.CancellationToken);
        try
        {
            // Whether the create lands before kubectl's initial list or after its watch starts, it must be printed.
            (await Kubectl.RunAsync("apply -f -", ConfigMap(ns, "streamed", "x"))).ShouldSucceed();
            await Eventually.Until(() =>
            {
                lock (lines)
                {
                    return lines.Contains("configmap/streamed");
                }
            }, "kubectl get -w to print a created configmap");
        }
        finally
        {
            watch.Kill(entireProcessTree: true);
            await reader;
        }
    }
}
