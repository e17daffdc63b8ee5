using k8s.Models;
using KubeContainers.Runtime.Children;
using KubeContainers.Runtime.Client;
using KubeContainers.Runtime.Tests.Fakes;

namespace KubeContainers.Runtime.Tests.Children;

public sealed class ChildSynchronizerTests
{
    private static readonly ObjectKey Key = new("default", "web");
    private readonly FakeKubeClient client = new();
    private readonly ChildSyncOptions<V1ConfigMap> owned = SyncKit.OwnedByTestOwner<V1ConfigMap>();

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Creates_a_missing_child_then_writes_nothing_on_the_next_sync()
    {
        var sync = SyncKit.Synchronizer(client);

        var first = await sync.SyncAsync(Key, SyncKit.ConfigMap("web", new() { ["a"] = "1" }), owned, Ct);
        var second = await sync.SyncAsync(Key, SyncKit.ConfigMap("web", new() { ["a"] = "1" }), owned, Ct);

        first.Outcome.ShouldBe(ChildSyncOutcome.Created);
        first.Current!.Metadata.Annotations[SyncKit.HashAnnotation].Length.ShouldBe(16);
        second.Outcome.ShouldBe(ChildSyncOutcome.Unchanged);
        client.Writes.ShouldBe(["create V1ConfigMap default/web"]);
    }

    [Fact]
    public async Task Restores_a_field_someone_changed_by_hand()
    {
        var sync = SyncKit.Synchronizer(client);
        await sync.SyncAsync(Key, SyncKit.ConfigMap("web", new() { ["a"] = "1" }), owned, Ct);
        await client.PatchAsync<V1ConfigMap>("web", "default", KubePatch.Merge("""{"data":{"a":"edited"}}"""), Ct);

        var result = await sync.SyncAsync(Key, SyncKit.ConfigMap("web", new() { ["a"] = "1" }), owned, Ct);

        result.Outcome.ShouldBe(ChildSyncOutcome.Updated);
        client.Peek<V1ConfigMap>("web", "default")!.Data["a"].ShouldBe("1");
    }

    [Fact]
    public async Task Restores_a_label_someone_changed_by_hand_and_ignores_a_label_someone_added()
    {
        var sync = SyncKit.Synchronizer(client);
        await sync.SyncAsync(Key, SyncKit.ConfigMap("web", new() { ["a"] = "1" }), owned, Ct);
        await client.PatchAsync<V1ConfigMap>("web", "default", KubePatch.Merge("""{"metadata":{"labels":{"extra":"x"}}}"""), Ct);
        var withExtra = await sync.SyncAsync(Key, SyncKit.ConfigMap("web", new() { ["a"] = "1" }), owned, Ct);
        await client.PatchAsync<V1ConfigMap>("web", "default", KubePatch.Merge("""{"metadata":{"labels":{"app":"edited"}}}"""), Ct);

        var restored = await sync.SyncAsync(Key, SyncKit.ConfigMap("web", new() { ["a"] = "1" }), owned, Ct);

        withExtra.Outcome.ShouldBe(ChildSyncOutcome.Unchanged);
        restored.Outcome.ShouldBe(ChildSyncOutcome.Updated);
        client.Peek<V1ConfigMap>("web", "default")!.Metadata.Labels["app"].ShouldBe("web");
    }

    [Fact]
    public async Task Ignores_fields_it_never_set_and_keeps_others_annotations()
    {
        var sync = SyncKit.Synchronizer(client);
        await sync.SyncAsync(Key, SyncKit.ConfigMap("web", new() { ["a"] = "1" }), owned, Ct);
        await client.PatchAsync<V1ConfigMap>("web", "default", KubePatch.Merge("""{"metadata":{"annotations":{"other":"x"}}}"""), Ct);

        var unchanged = await sync.SyncAsync(Key, SyncKit.ConfigMap("web", new() { ["a"] = "1" }), owned, Ct);
        var updated = await sync.SyncAsync(Key, SyncKit.ConfigMap("web", new() { ["a"] = "2" }), owned, Ct);

        unchanged.Outcome.ShouldBe(ChildSyncOutcome.Unchanged);
        updated.Outcome.ShouldBe(ChildSyncOutcome.Updated);
        updated.Current!.Metadata.Annotations["other"].ShouldBe("x");
    }

    [Fact]
    public async Task A_key_we_stopped_setting_is_removed_because_the_hash_changed()
    {
        var sync = SyncKit.Synchronizer(client);
        await sync.SyncAsync(Key, SyncKit.ConfigMap("web", new() { ["a"] = "1", ["b"] = "2" }), owned, Ct);

        var result = await sync.SyncAsync(Key, SyncKit.ConfigMap("web", new() { ["a"] = "1" }), owned, Ct);

        result.Outcome.ShouldBe(ChildSyncOutcome.Updated);
        client.Peek<V1ConfigMap>("web", "default")!.Data.Keys.ShouldBe(["a"]);
    }

    [Fact]
    public async Task Never_touches_an_object_it_does_not_own()
    {
        client.Seed(SyncKit.ConfigMap("web", new() { ["mine"] = "no" }, owned: false));
        var sync = SyncKit.Synchronizer(client);

        var kept = await sync.SyncAsync(Key, SyncKit.ConfigMap("web", new() { ["a"] = "1" }), owned, Ct);
        var notDeleted = await sync.SyncAsync<V1ConfigMap>(Key, null, owned, Ct);

        kept.Outcome.ShouldBe(ChildSyncOutcome.NotOwned);
        notDeleted.Outcome.ShouldBe(ChildSyncOutcome.Absent);
        client.Writes.ShouldBeEmpty();
        client.Peek<V1ConfigMap>("web", "default")!.Data["mine"].ShouldBe("no");
    }

    [Fact]
    public async Task Deletes_a_child_that_is_no_longer_desired()
    {
        var sync = SyncKit.Synchronizer(client);
        await sync.SyncAsync(Key, SyncKit.ConfigMap("web", new() { ["a"] = "1" }), owned, Ct);

        var deleted = await sync.SyncAsync<V1ConfigMap>(Key, null, owned, Ct);
        var absent = await sync.SyncAsync<V1ConfigMap>(Key, null, owned, Ct);

        deleted.Outcome.ShouldBe(ChildSyncOutcome.Deleted);
        absent.Outcome.ShouldBe(ChildSyncOutcome.Absent);
        client.Peek<V1ConfigMap>("web", "default").ShouldBeNull();
    }

    [Fact]
    public async Task A_create_that_finds_the_name_taken_reads_it_live_instead_of_failing()
    {
        await SyncKit.Synchronizer(client).SyncAsync(Key, SyncKit.ConfigMap("web", new() { ["a"] = "1" }), owned, Ct);
        var behindTheServer = SyncKit.Synchronizer(client, typeof(EmptyCacheReader<>));

        var result = await behindTheServer.SyncAsync(Key, SyncKit.ConfigMap("web", new() { ["a"] = "1" }), owned, Ct);

        // The second create was attempted and refused (AlreadyExists); nothing was updated.
        result.Outcome.ShouldBe(ChildSyncOutcome.Unchanged);
        client.Writes.ShouldBe(["create V1ConfigMap default/web", "create V1ConfigMap default/web"]);
    }

    [Fact]
    public async Task Re_creates_when_a_field_cannot_change_in_place()
    {
        var sync = SyncKit.Synchronizer(client);
        var recreate = owned with { RequiresRecreate = (have, want) => have.Data["a"] != want.Data["a"] };
        await sync.SyncAsync(Key, SyncKit.ConfigMap("web", new() { ["a"] = "1" }), recreate, Ct);

        var deleted = await sync.SyncAsync(Key, SyncKit.ConfigMap("web", new() { ["a"] = "2" }), recreate, Ct);
        var created = await sync.SyncAsync(Key, SyncKit.ConfigMap("web", new() { ["a"] = "2" }), recreate, Ct);

        deleted.Outcome.ShouldBe(ChildSyncOutcome.Deleted);
        created.Outcome.ShouldBe(ChildSyncOutcome.Created);
    }

    [Fact]
    public async Task Preserve_keeps_what_the_server_assigned()
    {
        var sync = SyncKit.Synchronizer(client);
        var preserving = owned with { Preserve = (have, update) => update.Data["assigned"] = have.Data["assigned"] };
        await sync.SyncAsync(Key, SyncKit.ConfigMap("web", new() { ["a"] = "1" }), preserving, Ct);
        await client.PatchAsync<V1ConfigMap>("web", "default", KubePatch.Merge("""{"data":{"assigned":"10.96.0.7"}}"""), Ct);

        await sync.SyncAsync(Key, SyncKit.ConfigMap("web", new() { ["a"] = "2" }), preserving, Ct);

        client.Peek<V1ConfigMap>("web", "default")!.Data.ShouldBe(new Dictionary<string, string> { ["a"] = "2", ["assigned"] = "10.96.0.7" });
    }

    [Fact]
    public async Task A_child_being_deleted_is_reported_and_left_alone()
    {
        var terminating = SyncKit.ConfigMap("web", new() { ["a"] = "1" });
        terminating.Metadata.DeletionTimestamp = DateTime.UtcNow;
        terminating.Metadata.Finalizers = ["test/hold"];
        client.Seed(terminating);
        var sync = SyncKit.Synchronizer(client);

        var result = await sync.SyncAsync(Key, SyncKit.ConfigMap("web", new() { ["a"] = "2" }), owned, Ct);

        result.Outcome.ShouldBe(ChildSyncOutcome.Terminating);
        client.Writes.ShouldBeEmpty();
    }
}
