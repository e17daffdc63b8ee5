using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeContainers.LocalCluster.Tests.Support;

namespace KubeContainers.LocalCluster.Tests.Conformance;

/// <summary>The local cluster driven by KubernetesClient: lists, watches, status, conflicts and errors.</summary>
[ClusterTest]
public sealed class ClientConformanceTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static V1ConfigMap ConfigMap(string name, string value = "v", IDictionary<string, string>? labels = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Data = new Dictionary<string, string> { ["key"] = value },
    };

    [Fact]
    public async Task List_pages_with_limit_and_continue()
    {
        var client = fixture.Client();
        var ns = await fixture.NamespaceAsync("paging");
        for (var i = 0; i < 25; i++)
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"item-{i:D2}"), ns, cancellationToken: TestContext.Current.CancellationToken);
        }

        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await client.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 10, continueParameter: token, cancellationToken: TestContext.Current.CancellationToken);
            names.AddRange(page.Items.Select(i => i.Name()));
            token = page.Metadata.ContinueProperty;
            pages++;
        }
        while (!string.IsNullOrEmpty(token));

        pages.ShouldBe(3);
        names.ShouldBe(Enumerable.Range(0, 25).Select(i => $"item-{i:D2}"));
    }

    /// <summary>
    /// A list over all namespaces comes in etcd's key order, <c>/registry/configmaps/&lt;namespace&gt;/&lt;name&gt;</c>
    /// compared byte by byte, page after page: so namespace "x-b" sorts before "x" ('-' is below '/'), which a
    /// (namespace, name) order would not do. The operator's informer reads a namespace before the list ends on
    /// exactly this order (ListProgress), so a cluster that sorted otherwise must fail here ("x-b-…" still sorts before "x").
    /// </summary>
    [Fact]
    public async Task List_over_all_namespaces_pages_in_storage_key_order()
    {
        var client = fixture.Client();
        var first = await fixture.NamespaceAsync("order");
        var second = await fixture.NamespaceAsync($"{first}-b");
        var label = new Dictionary<string, string> { ["order-test"] = first };
        foreach (var ns in new[] { first, second })
        {
            foreach (var name in new[] { "b", "a-b", "a" })
            {
                await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name, labels: label), ns, cancellationToken: TestContext.Current.CancellationToken);
            }
        }

        var keys = new List<string>();
        string? token = null;
        do
        {
            var page = await client.CoreV1.ListConfigMapForAllNamespacesAsync(labelSelector: $"order-test={first}", limit: 2, continueParameter: token, cancellationToken: TestContext.Current.CancellationToken);
            keys.AddRange(page.Items.Select(i => $"{i.Namespace()}/{i.Name()}"));
            token = page.Metadata.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(token));

        keys.ShouldBe([$"{second}/a", $"{second}/a-b", $"{second}/b", $"{first}/a", $"{first}/a-b", $"{first}/b"]);
    }

    /// <summary>
    /// As kube-apiserver's etcd3 store: a page is full once it holds limit matches, and the list goes on while any
    /// key is left after it, matching or not (so a filtered list can end with an empty page); remainingItemCount is
    /// given only without selectors (etcd's count includes what a selector drops).
    /// </summary>
    [Fact]
    public async Task Paged_lists_count_what_is_left_only_without_selectors()
    {
        var client = fixture.Client();
        var ns = await fixture.NamespaceAsync("remaining");
        foreach (var (name, color) in new[] { ("a", "blue"), ("b", "blue"), ("c", "red"), ("d", "red") })
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name, labels: new Dictionary<string, string> { ["color"] = color }), ns, cancellationToken: TestContext.Current.CancellationToken);
        }

        var selected = await client.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: "color", limit: 3, cancellationToken: TestContext.Current.CancellationToken);
        selected.Metadata.ContinueProperty.ShouldNotBeNullOrEmpty();
        selected.Metadata.RemainingItemCount.ShouldBeNull();
        var total = (await client.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: TestContext.Current.CancellationToken)).Items.Count;
        var all = await client.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 3, cancellationToken: TestContext.Current.CancellationToken);
        all.Metadata.RemainingItemCount.ShouldBe(total - 3);

        var blue = await client.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: "color=blue", limit: 2, cancellationToken: TestContext.Current.CancellationToken);
        blue.Items.Select(i => i.Name()).ShouldBe(["a", "b"]);
        blue.Metadata.ContinueProperty.ShouldNotBeNullOrEmpty();
        blue.Metadata.RemainingItemCount.ShouldBeNull();
        var rest = await client.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: "color=blue", limit: 2, continueParameter: blue.Metadata.ContinueProperty, cancellationToken: TestContext.Current.CancellationToken);
        rest.Items.ShouldBeEmpty();
        rest.Metadata.ContinueProperty.ShouldBeNullOrEmpty();
    }

    [Fact]
    public async Task Label_and_field_selectors_filter_lists()
    {
        var client = fixture.Client();
        var ns = await fixture.NamespaceAsync("selectors");
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("blue", labels: new Dictionary<string, string> { ["color"] = "blue" }), ns, cancellationToken: TestContext.Current.CancellationToken);
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("red", labels: new Dictionary<string, string> { ["color"] = "red" }), ns, cancellationToken: TestContext.Current.CancellationToken);
        (await client.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: "color in (blue)", cancellationToken: TestContext.Current.CancellationToken)).Items.Select(i => i.Name()).ShouldBe(["blue"]);
        (await client.CoreV1.ListNamespacedConfigMapAsync(ns, fieldSelector: "metadata.name=red", cancellationToken: TestContext.Current.CancellationToken)).Items.Select(i => i.Name()).ShouldBe(["red"]);
        var error = await Should.ThrowAsync<HttpOperationException>(() => client.CoreV1.ListNamespacedConfigMapAsync(ns, fieldSelector: "spec.nothing=x", cancellationToken: TestContext.Current.CancellationToken));
        error.Response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Watch_from_a_resource_version_sees_every_change_in_order()
    {
        var client = fixture.Client();
        var ns = await fixture.NamespaceAsync("watch");
        var start = (await client.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: TestContext.Current.CancellationToken)).Metadata.ResourceVersion;
        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("watched", "1"), ns, cancellationToken: TestContext.Current.CancellationToken);
        created.Data["key"] = "2";
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "watched", ns, cancellationToken: TestContext.Current.CancellationToken);
        await client.CoreV1.DeleteNamespacedConfigMapAsync("watched", ns, cancellationToken: TestContext.Current.CancellationToken);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        var seen = new List<(WatchEventType, string)>();
        await foreach (var (type, item) in client.CoreV1.WatchListNamespacedConfigMapAsync(ns, resourceVersion: start, cancellationToken: timeout.Token))
        {
            seen.Add((type, item.Data?["key"] ?? ""));
            if (type == WatchEventType.Deleted)
            {
                break;
            }
        }

        seen.ShouldBe([(WatchEventType.Added, "1"), (WatchEventType.Modified, "2"), (WatchEventType.Deleted, "2")]);
    }

    [Fact]
    public async Task Idle_watches_get_bookmarks_and_compacted_versions_get_410()
    {
        var client = fixture.Client();
        var ns = await fixture.NamespaceAsync("bookmarks");
        var start = (await client.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: TestContext.Current.CancellationToken)).Metadata.ResourceVersion;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        string? bookmark = null;
        await foreach (var (type, item) in client.CoreV1.WatchListNamespacedConfigMapAsync(ns, allowWatchBookmarks: true, resourceVersion: start, cancellationToken: timeout.Token))
        {
            if (type == WatchEventType.Bookmark)
            {
                bookmark = item.ResourceVersion();
                break;
            }
        }

        long.Parse(bookmark!, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(long.Parse(start, System.Globalization.CultureInfo.InvariantCulture));

        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("after"), ns, cancellationToken: TestContext.Current.CancellationToken);
        fixture.Cluster.Store.Compact();
        Exception? error = null;
        await foreach (var _ in client.CoreV1.WatchListNamespacedConfigMapAsync(ns, resourceVersion: start, onError: e => error = e, cancellationToken: timeout.Token))
        {
        }

        error.ShouldNotBeNull();
        error.ShouldBeOfType<KubernetesException>().Status.Code.ShouldBe(410);
    }

    [Fact]
    public async Task Status_and_spec_writes_stay_apart_and_generation_follows_the_spec()
    {
        // A PersistentVolume nobody provisioned: no simulated controller writes its status (a ResourceQuota's now
        // belongs to the quota controller), so every status value below is the test's own.
        var client = fixture.Client();
        var name = await fixture.NamespaceAsync("status");
        var volume = await client.CoreV1.CreatePersistentVolumeAsync(new V1PersistentVolume
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1PersistentVolumeSpec
            {
                Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") },
                AccessModes = ["ReadWriteOnce"],
                HostPath = new V1HostPathVolumeSource { Path = "/tmp/" + name },
            },
            Status = new V1PersistentVolumeStatus { Phase = "Released" },
        }, cancellationToken: TestContext.Current.CancellationToken);
        volume.Status.ShouldBeNull();
        volume.Metadata.Generation.ShouldBe(1);

        volume.Status = new V1PersistentVolumeStatus { Phase = "Available" };
        volume.Spec.Capacity["storage"] = new ResourceQuantity("2Gi");
        var afterStatus = await client.CoreV1.ReplacePersistentVolumeStatusAsync(volume, name, cancellationToken: TestContext.Current.CancellationToken);
        afterStatus.Status.Phase.ShouldBe("Available");
        afterStatus.Spec.Capacity["storage"].ToString().ShouldBe("1Gi");
        afterStatus.Metadata.Generation.ShouldBe(1);

        afterStatus.Spec.Capacity["storage"] = new ResourceQuantity("2Gi");
        afterStatus.Status.Phase = "Failed";
        var afterSpec = await client.CoreV1.ReplacePersistentVolumeAsync(afterStatus, name, cancellationToken: TestContext.Current.CancellationToken);
        afterSpec.Spec.Capacity["storage"].ToString().ShouldBe("2Gi");
        afterSpec.Status.Phase.ShouldBe("Available");
        afterSpec.Metadata.Generation.ShouldBe(2);
    }

    [Fact]
    public async Task A_write_that_changes_nothing_keeps_the_resource_version()
    {
        var client = fixture.Client();
        var ns = await fixture.NamespaceAsync("noop");
        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("same"), ns, cancellationToken: TestContext.Current.CancellationToken);
        var replaced = await client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "same", ns, cancellationToken: TestContext.Current.CancellationToken);
        replaced.ResourceVersion().ShouldBe(created.ResourceVersion());
        var patched = await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("{\"data\":{\"key\":\"v\"}}", V1Patch.PatchType.MergePatch), "same", ns, cancellationToken: TestContext.Current.CancellationToken);
        patched.ResourceVersion().ShouldBe(created.ResourceVersion());
    }

    [Fact]
    public async Task Stale_updates_conflict_and_guarded_patches_are_refused()
    {
        var client = fixture.Client();
        var ns = await fixture.NamespaceAsync("conflict");
        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("contested", "1"), ns, cancellationToken: TestContext.Current.CancellationToken);
        var fresh = await client.CoreV1.ReadNamespacedConfigMapAsync("contested", ns, cancellationToken: TestContext.Current.CancellationToken);
        fresh.Data["key"] = "2";
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(fresh, "contested", ns, cancellationToken: TestContext.Current.CancellationToken);
        created.Data["key"] = "3";
        var stale = await Should.ThrowAsync<HttpOperationException>(() => client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "contested", ns, cancellationToken: TestContext.Current.CancellationToken));
        stale.Response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        stale.Response.Content.ShouldContain("the object has been modified");
        var guarded = new V1Patch($"{{\"metadata\":{{\"resourceVersion\":\"{created.ResourceVersion()}\"}},\"data\":{{\"key\":\"4\"}}}}", V1Patch.PatchType.MergePatch);
        var refused = await Should.ThrowAsync<HttpOperationException>(() => client.CoreV1.PatchNamespacedConfigMapAsync(guarded, "contested", ns, cancellationToken: TestContext.Current.CancellationToken));
        refused.Response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Missing_namespaces_and_objects_answer_404_and_duplicates_409()
    {
        var client = fixture.Client();
        var missing = await Should.ThrowAsync<HttpOperationException>(() => client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("x"), "no-such-namespace", cancellationToken: TestContext.Current.CancellationToken));
        missing.Response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        missing.Response.Content.ShouldContain("no-such-namespace");

        var ns = await fixture.NamespaceAsync("errors");
        var notFound = await Should.ThrowAsync<HttpOperationException>(() => client.CoreV1.ReadNamespacedConfigMapAsync("nothing", ns, cancellationToken: TestContext.Current.CancellationToken));
        notFound.Response.StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var generated = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { GenerateName = "gen-" } }, ns, cancellationToken: TestContext.Current.CancellationToken);
        generated.Name().ShouldStartWith("gen-");
        generated.Name().Length.ShouldBe("gen-".Length + 5);
        generated.Uid().ShouldNotBeNullOrEmpty();

        var duplicate = await Should.ThrowAsync<HttpOperationException>(() => client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(generated.Name()), ns, cancellationToken: TestContext.Current.CancellationToken));
        duplicate.Response.StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var invalid = await Should.ThrowAsync<HttpOperationException>(() => client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("Not_Valid"), ns, cancellationToken: TestContext.Current.CancellationToken));
        ((int)invalid.Response.StatusCode).ShouldBe(422);
        invalid.Response.Content.ShouldContain("metadata.name: Invalid value:");
    }

    [Fact]
    public async Task Finalizers_keep_a_deleted_object_until_they_are_removed()
    {
        var client = fixture.Client();
        var ns = await fixture.NamespaceAsync("finalizers");
        var held = ConfigMap("held");
        held.Metadata.Finalizers = ["example.com/hold"];
        await client.CoreV1.CreateNamespacedConfigMapAsync(held, ns, cancellationToken: TestContext.Current.CancellationToken);
        await client.CoreV1.DeleteNamespacedConfigMapAsync("held", ns, cancellationToken: TestContext.Current.CancellationToken);
        var marked = await client.CoreV1.ReadNamespacedConfigMapAsync("held", ns, cancellationToken: TestContext.Current.CancellationToken);
        marked.Metadata.DeletionTimestamp.ShouldNotBeNull();
        marked.Metadata.Finalizers = ["example.com/other"];
        var forbidden = await Should.ThrowAsync<HttpOperationException>(() => client.CoreV1.ReplaceNamespacedConfigMapAsync(marked, "held", ns, cancellationToken: TestContext.Current.CancellationToken));
        ((int)forbidden.Response.StatusCode).ShouldBe(422);
        var patch = new V1Patch("[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]", V1Patch.PatchType.JsonPatch);
        await client.CoreV1.PatchNamespacedConfigMapAsync(patch, "held", ns, cancellationToken: TestContext.Current.CancellationToken);
        var gone = await Should.ThrowAsync<HttpOperationException>(() => client.CoreV1.ReadNamespacedConfigMapAsync("held", ns, cancellationToken: TestContext.Current.CancellationToken));
        gone.Response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
