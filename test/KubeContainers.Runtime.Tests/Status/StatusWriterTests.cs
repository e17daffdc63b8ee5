using System.Net;
using k8s;
using k8s.Models;
using KubeContainers.Runtime.Cache;
using KubeContainers.Runtime.Client;
using KubeContainers.Runtime.Status;
using KubeContainers.Runtime.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KubeContainers.Runtime.Tests.Status;

public sealed class StatusWriterTests
{
    private static readonly DateTime Earlier = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly FakeKubeClient client = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly StatusWriter writer;

    public StatusWriterTests() => writer = new StatusWriter(client, time, NullLogger<StatusWriter>.Instance);

    [Fact]
    public async Task An_unchanged_status_is_not_written()
    {
        var observed = client.Seed(Widget(generation: 3, new WidgetStatus
        {
            ObservedGeneration = 3,
            Phase = "Ready",
            Conditions = [Condition("Ready", "True", Earlier)],
        }));
        // The reconciler starts from the stored status and computes the same one.
        var desired = Copy(observed);

        (await writer.WriteAsync(observed, desired, TestContext.Current.CancellationToken)).ShouldBeFalse();
        client.Writes.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_changed_status_is_written_once_with_observedGeneration_set()
    {
        var observed = client.Seed(Widget(generation: 4, new WidgetStatus { ObservedGeneration = 3, Phase = "Pending" }));
        var desired = Copy(observed);
        desired.Status!.Phase = "Ready";

        (await writer.WriteAsync(observed, desired, TestContext.Current.CancellationToken)).ShouldBeTrue();

        client.Writes.ShouldBe(["status Widget ns/w"]);
        var stored = client.Peek<Widget>("w", "ns")!;
        stored.Status!.Phase.ShouldBe("Ready");
        stored.Status.ObservedGeneration.ShouldBe(4);
    }

    [Fact]
    public async Task A_write_marks_the_recorded_run_as_one_that_wrote_and_an_unchanged_status_does_not()
    {
        var observed = client.Seed(Widget(generation: 4, new WidgetStatus { ObservedGeneration = 4, Phase = "Pending" }));
        using (var unchanged = CacheReads.Record())
        {
            await writer.WriteAsync(observed, Copy(observed), TestContext.Current.CancellationToken);
            unchanged.Reads.Wrote.ShouldBeFalse();
        }

        var desired = Copy(observed);
        desired.Status!.Phase = "Ready";
        using var changed = CacheReads.Record();
        await writer.WriteAsync(observed, desired, TestContext.Current.CancellationToken);
        changed.Reads.Wrote.ShouldBeTrue("a run that wrote its status is no fixed point");
    }

    [Fact]
    public async Task A_new_observed_generation_alone_is_a_change()
    {
        var observed = client.Seed(Widget(generation: 5, new WidgetStatus { ObservedGeneration = 4, Phase = "Ready" }));

        (await writer.WriteAsync(observed, Copy(observed), TestContext.Current.CancellationToken)).ShouldBeTrue();

        client.Peek<Widget>("w", "ns")!.Status!.ObservedGeneration.ShouldBe(5);
    }

    [Fact]
    public async Task Conditions_are_written_as_the_reconciler_set_them_transition_times_included()
    {
        var observed = client.Seed(Widget(generation: 1, new WidgetStatus
        {
            ObservedGeneration = 1,
            Conditions = [Condition("Ready", "False", Earlier), Condition("Scheduled", "True", Earlier)],
        }));
        var later = Earlier.AddHours(1);
        var desired = Copy(observed);
        desired.Status!.Conditions = [Condition("Ready", "True", later), Condition("Scheduled", "True", Earlier)];

        (await writer.WriteAsync(observed, desired, TestContext.Current.CancellationToken)).ShouldBeTrue();

        // Transition times belong to the condition set that changes the conditions; the writer stamps none of its own.
        var conditions = client.Peek<Widget>("w", "ns")!.Status!.Conditions!.ToDictionary(c => c.Type);
        conditions["Ready"].LastTransitionTime.ShouldBe(later);
        conditions["Scheduled"].LastTransitionTime.ShouldBe(Earlier);
    }

    [Fact]
    public async Task A_spec_edit_meanwhile_does_not_conflict_and_is_kept()
    {
        var observed = client.Seed(Widget(generation: 1, new WidgetStatus { ObservedGeneration = 1, Phase = "Pending" }));
        // Someone changes the spec after our read: the status patch carries no resourceVersion, so it goes through.
        var changed = Copy(observed);
        changed.Spec.Size = 7;
        await client.UpdateAsync(changed, TestContext.Current.CancellationToken);
        var desired = Copy(observed);
        desired.Status!.Phase = "Ready";

        (await writer.WriteAsync(observed, desired, TestContext.Current.CancellationToken)).ShouldBeTrue();

        var stored = client.Peek<Widget>("w", "ns")!;
        stored.Spec.Size.ShouldBe(7);
        stored.Status!.Phase.ShouldBe("Ready");
        // The status describes generation 1, the spec we reconciled, not the newer one.
        stored.Status.ObservedGeneration.ShouldBe(1);
        client.Writes.Where(w => w.StartsWith("status", StringComparison.Ordinal)).ShouldBe(["status Widget ns/w"]);
        client.Writes.ShouldNotContain(w => w.StartsWith("get", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Errors_other_than_not_found_surface_so_the_key_is_retried_with_backoff()
    {
        var observed = client.Seed(Widget(generation: 1, new WidgetStatus { Phase = "Pending" }));
        client.React((verb, _) => verb == "status" ? new KubeApiException(HttpStatusCode.InternalServerError, "InternalError", "injected") : null);
        var desired = Copy(observed);
        desired.Status!.Phase = "Ready";

        var error = await Should.ThrowAsync<KubeApiException>(() => writer.WriteAsync(observed, desired, TestContext.Current.CancellationToken));

        error.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
    }

    [Fact]
    public async Task An_object_deleted_meanwhile_is_not_written()
    {
        var observed = client.Seed(Widget(generation: 1, new WidgetStatus { Phase = "Pending" }));
        await client.DeleteAsync<Widget>("w", "ns", TestContext.Current.CancellationToken);
        var desired = Copy(observed);
        desired.Status!.Phase = "Ready";

        (await writer.WriteAsync(observed, desired, TestContext.Current.CancellationToken)).ShouldBeFalse();
        client.Peek<Widget>("w", "ns").ShouldBeNull();
    }

    [Fact]
    public async Task A_cache_behind_our_own_write_sees_that_write_and_does_not_repeat_it()
    {
        var stale = client.Seed(Widget(generation: 1, new WidgetStatus { ObservedGeneration = 1, Phase = "Pending" }));
        var desired = Copy(stale);
        desired.Status!.Phase = "Ready";
        (await writer.WriteAsync(stale, desired, TestContext.Current.CancellationToken)).ShouldBeTrue();

        // The next reconcile reads the cache before the watch brought our write: it sees what we wrote, not the old status.
        writer.Latest(stale).Status!.Phase.ShouldBe("Ready");
        (await writer.WriteAsync(stale, Copy(desired), TestContext.Current.CancellationToken)).ShouldBeFalse();
        client.Writes.ShouldBe(["status Widget ns/w"]);

        // Once the cache shows the object at or after our write, it is the truth again (here: someone else's status).
        var newer = Copy(client.Peek<Widget>("w", "ns")!);
        newer.Status!.Phase = "Evicted";
        var fresh = await client.UpdateStatusAsync(newer, TestContext.Current.CancellationToken);
        writer.Latest(fresh).Status!.Phase.ShouldBe("Evicted");
        writer.Latest(stale).ShouldBeSameAs(stale);
    }

    [Fact]
    public async Task A_write_is_forgotten_once_the_informer_shows_it_or_the_object_is_deleted()
    {
        var observed = client.Seed(Widget(generation: 1, new WidgetStatus { ObservedGeneration = 1, Phase = "Pending" }));
        var ready = Copy(observed);
        ready.Status!.Phase = "Ready";
        (await writer.WriteAsync(observed, ready, TestContext.Current.CancellationToken)).ShouldBeTrue();
        var written = client.Peek<Widget>("w", "ns")!;
        writer.Remembered.ShouldBe(1);

        // An event from before the write (the informer is behind) keeps it; the write's own event drops it.
        writer.Seen(observed.Metadata, deleted: false);
        writer.Remembered.ShouldBe(1);
        writer.Seen(written.Metadata, deleted: false);
        writer.Remembered.ShouldBe(0);
        writer.Latest(observed).ShouldBeSameAs(observed);

        var failed = Copy(written);
        failed.Status!.Phase = "Failed";
        (await writer.WriteAsync(written, failed, TestContext.Current.CancellationToken)).ShouldBeTrue();
        writer.Remembered.ShouldBe(1);
        writer.Seen(written.Metadata, deleted: true);
        writer.Remembered.ShouldBe(0);
    }

    [Fact]
    public async Task A_write_whose_event_arrives_before_its_response_is_not_remembered()
    {
        var observed = client.Seed(Widget(generation: 1, new WidgetStatus { ObservedGeneration = 1, Phase = "Pending" }));
        var ready = Copy(observed);
        ready.Status!.Phase = "Ready";
        var uid = observed.Metadata.Uid;
        // The watch is faster than the response: the informer shows the object at a newer version while the write
        // is still under way.
        client.React((verb, _) =>
        {
            writer.Seen(new V1ObjectMeta { Uid = uid, ResourceVersion = "999999" }, deleted: false);
            return null;
        });

        (await writer.WriteAsync(observed, ready, TestContext.Current.CancellationToken)).ShouldBeTrue();

        writer.Remembered.ShouldBe(0);
    }

    [Fact]
    public async Task A_write_whose_event_is_older_than_its_response_is_remembered()
    {
        var observed = client.Seed(Widget(generation: 1, new WidgetStatus { ObservedGeneration = 1, Phase = "Pending" }));
        var ready = Copy(observed);
        ready.Status!.Phase = "Ready";
        client.React((verb, _) =>
        {
            writer.Seen(observed.Metadata, deleted: false);
            return null;
        });

        (await writer.WriteAsync(observed, ready, TestContext.Current.CancellationToken)).ShouldBeTrue();

        writer.Remembered.ShouldBe(1);
    }

    private static Widget Widget(long generation, WidgetStatus status) => new()
    {
        Metadata = new V1ObjectMeta { Name = "w", NamespaceProperty = "ns", Generation = generation },
        Status = status,
    };

    private static V1Condition Condition(string type, string status, DateTime? lastTransition) =>
        new() { Type = type, Status = status, Reason = type + status, Message = "", LastTransitionTime = lastTransition ?? default };

    private static Widget Copy(Widget w) => KubernetesJson.Deserialize<Widget>(KubernetesJson.Serialize(w));
}
