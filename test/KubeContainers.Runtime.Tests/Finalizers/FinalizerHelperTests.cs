using k8s.Models;
using KubeContainers.Runtime.Client;
using KubeContainers.Runtime.Finalizers;
using KubeContainers.Runtime.Tests.Fakes;

namespace KubeContainers.Runtime.Tests.Finalizers;

public sealed class FinalizerHelperTests
{
    private const string Finalizer = "kubecontainers.io/cleanup";
    private readonly FakeKubeClient client = new();
    private readonly FinalizerHelper helper;
    private int cleanups;

    public FinalizerHelperTests() => helper = new FinalizerHelper(client);

    [Fact]
    public async Task A_live_object_without_the_finalizer_gets_it_added_and_the_reconciler_returns()
    {
        var obj = client.Seed(Widget(finalizers: ["other.io/keep"]));

        var outcome = await helper.EnsureAsync(obj, Finalizer, Cleanup, TestContext.Current.CancellationToken);

        outcome.ShouldBe(FinalizerOutcome.Added);
        client.Peek<Widget>("w", "ns")!.Metadata.Finalizers.ShouldBe(["other.io/keep", Finalizer]);
        cleanups.ShouldBe(0);
    }

    [Fact]
    public async Task A_live_object_with_the_finalizer_is_left_alone()
    {
        var obj = client.Seed(Widget(finalizers: [Finalizer]));

        (await helper.EnsureAsync(obj, Finalizer, Cleanup, TestContext.Current.CancellationToken)).ShouldBe(FinalizerOutcome.Present);

        client.Writes.ShouldBeEmpty();
    }

    [Fact]
    public async Task On_deletion_cleanup_runs_then_only_our_finalizer_is_removed()
    {
        var obj = client.Seed(Widget(finalizers: ["other.io/keep", Finalizer], deleting: true));

        var outcome = await helper.EnsureAsync(obj, Finalizer, Cleanup, TestContext.Current.CancellationToken);

        outcome.ShouldBe(FinalizerOutcome.Removed);
        cleanups.ShouldBe(1);
        client.Peek<Widget>("w", "ns")!.Metadata.Finalizers.ShouldBe(["other.io/keep"]);
    }

    [Fact]
    public async Task A_deleting_object_without_our_finalizer_needs_nothing()
    {
        var obj = client.Seed(Widget(finalizers: ["other.io/keep"], deleting: true));

        (await helper.EnsureAsync(obj, Finalizer, Cleanup, TestContext.Current.CancellationToken)).ShouldBe(FinalizerOutcome.NotPresent);

        cleanups.ShouldBe(0);
        client.Writes.ShouldBeEmpty();
    }

    [Fact]
    public async Task Removal_is_guarded_a_stale_object_conflicts_and_keeps_the_finalizer()
    {
        var stale = client.Seed(Widget(finalizers: [Finalizer], deleting: true));
        // Another client adds its finalizer after our read: our removal must not drop it.
        await client.PatchAsync<Widget>("w", "ns", KubePatch.Merge("""{"metadata":{"finalizers":["kubecontainers.io/cleanup","late.io/x"]}}"""), TestContext.Current.CancellationToken);

        var error = await Should.ThrowAsync<KubeApiException>(() => helper.EnsureAsync(stale, Finalizer, Cleanup, TestContext.Current.CancellationToken));

        error.IsConflict.ShouldBeTrue();
        client.Peek<Widget>("w", "ns")!.Metadata.Finalizers.ShouldBe([Finalizer, "late.io/x"]);

        // The retry works from a fresh read; cleanup runs again, which is why it must be idempotent.
        var fresh = client.Peek<Widget>("w", "ns")!;
        (await helper.EnsureAsync(fresh, Finalizer, Cleanup, TestContext.Current.CancellationToken)).ShouldBe(FinalizerOutcome.Removed);
        client.Peek<Widget>("w", "ns")!.Metadata.Finalizers.ShouldBe(["late.io/x"]);
        cleanups.ShouldBe(2);
    }

    [Fact]
    public async Task A_failing_cleanup_keeps_the_finalizer()
    {
        var obj = client.Seed(Widget(finalizers: [Finalizer], deleting: true));

        await Should.ThrowAsync<InvalidOperationException>(() => helper.EnsureAsync(obj, Finalizer,
            (_, _) => throw new InvalidOperationException("external system down"), TestContext.Current.CancellationToken));

        client.Peek<Widget>("w", "ns")!.Metadata.Finalizers.ShouldBe([Finalizer]);
    }

    private Task Cleanup(Widget widget, CancellationToken ct)
    {
        cleanups++;
        return Task.CompletedTask;
    }

    private static Widget Widget(List<string> finalizers, bool deleting = false) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "w",
            NamespaceProperty = "ns",
            Finalizers = finalizers,
            DeletionTimestamp = deleting ? new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc) : null,
        },
    };
}
