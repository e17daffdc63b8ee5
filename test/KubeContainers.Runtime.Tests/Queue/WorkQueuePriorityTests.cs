using KubeContainers.Runtime.Hosting;
using KubeContainers.Runtime.Queue;
using Microsoft.Extensions.Time.Testing;

namespace KubeContainers.Runtime.Tests.Queue;

/// <summary>The queue's priorities (controller-runtime's priority queue semantics) and the coalesced wake-ups a
/// worker's get makes redundant.</summary>
public sealed class WorkQueuePriorityTests
{
    private readonly FakeTimeProvider time = new();

    [Fact]
    public async Task Higher_priorities_come_out_first_and_one_priority_in_the_order_added()
    {
        using var queue = new WorkQueue<string>("test", time);
        queue.Add("list-1", QueuePriority.Low);
        queue.Add("child-1");
        queue.Add("edit-1", QueuePriority.High);
        queue.Add("list-2", QueuePriority.Low);
        queue.Add("child-2");
        queue.Add("edit-2", QueuePriority.High);

        (await TakeAllAsync(queue, 6)).ShouldBe(["edit-1", "edit-2", "child-1", "child-2", "list-1", "list-2"]);
    }

    [Fact]
    public async Task A_high_key_goes_ahead_of_normal_ones_only_by_its_lead_so_a_stream_of_edits_starves_no_wake_up()
    {
        using var queue = new WorkQueue<string>("test", time);
        queue.Add("child-old");
        time.Advance(QueuePriority.HighLead + TimeSpan.FromSeconds(1));
        queue.Add("child-recent");
        time.Advance(TimeSpan.FromSeconds(1));
        queue.Add("edit", QueuePriority.High);
        queue.Add("listed", QueuePriority.Low);

        (await TakeAllAsync(queue, 4)).ShouldBe(["child-old", "edit", "child-recent", "listed"]);
    }

    [Fact]
    public async Task A_waiting_key_added_again_at_a_higher_priority_moves_up_and_is_still_held_once()
    {
        using var queue = new WorkQueue<string>("test", time);
        queue.Add("a", QueuePriority.Low);
        queue.Add("b", QueuePriority.Low);
        queue.Add("c");
        queue.Add("b", QueuePriority.High);
        queue.Add("c", QueuePriority.Low);

        queue.Length.ShouldBe(3);
        (await TakeAllAsync(queue, 3)).ShouldBe(["b", "c", "a"]);
    }

    [Fact]
    public async Task A_key_added_at_a_higher_priority_while_processed_is_replayed_at_that_priority()
    {
        using var queue = new WorkQueue<string>("test", time);
        queue.Add("a", QueuePriority.Low);
        var (key, priority) = await queue.GetWithPriorityAsync(TestContext.Current.CancellationToken);
        priority.ShouldBe(QueuePriority.Low);
        queue.Add("b");
        queue.Add("a", QueuePriority.High);

        queue.Done(key);

        var replayed = await queue.GetWithPriorityAsync(TestContext.Current.CancellationToken);
        replayed.ShouldBe(("a", QueuePriority.High));
    }

    [Fact]
    public async Task A_delayed_key_keeps_the_earliest_due_time_and_the_highest_priority_asked_for()
    {
        using var queue = new WorkQueue<string>("test", time);
        queue.AddAfter("a", TimeSpan.FromSeconds(5), QueuePriority.Low);
        queue.AddAfter("a", TimeSpan.FromSeconds(30), QueuePriority.High);

        time.Advance(TimeSpan.FromSeconds(5));

        queue.Length.ShouldBe(1);
        (await queue.GetWithPriorityAsync(TestContext.Current.CancellationToken)).ShouldBe(("a", QueuePriority.High));
    }

    [Fact]
    public async Task A_coalesced_wake_up_is_dropped_when_a_worker_takes_its_key_before_it_is_due()
    {
        using var queue = new WorkQueue<string>("test", time);
        queue.AddCoalesced("a", TimeSpan.FromMilliseconds(500));
        queue.Add("a", QueuePriority.High);

        await TakeAllAsync(queue, 1);
        time.Advance(TimeSpan.FromSeconds(1));

        queue.Length.ShouldBe(0, "the reconcile that took the key read the events the wake-up stood for");
    }

    [Fact]
    public async Task A_requeue_asked_for_by_a_reconcile_survives_a_get_of_its_key()
    {
        using var queue = new WorkQueue<string>("test", time);
        queue.AddAfter("a", TimeSpan.FromSeconds(10), QueuePriority.Low);
        queue.AddCoalesced("a", TimeSpan.FromMilliseconds(500));
        queue.Add("a");

        await TakeAllAsync(queue, 1);
        time.Advance(TimeSpan.FromMilliseconds(500));

        queue.Length.ShouldBe(1, "the wake-up mixes a reconcile's requeue with the events: it stays");
    }

    [Fact]
    public async Task A_coalesced_add_of_a_waiting_key_raises_its_priority_without_delaying_it()
    {
        using var queue = new WorkQueue<string>("test", time);
        queue.Add("a", QueuePriority.Low);
        queue.Add("b");

        queue.AddCoalesced("a", TimeSpan.FromMilliseconds(500), QueuePriority.High);

        queue.Length.ShouldBe(2);
        (await queue.GetWithPriorityAsync(TestContext.Current.CancellationToken)).ShouldBe(("a", QueuePriority.High));
    }

    [Fact]
    public async Task With_a_coalesce_interval_a_key_s_child_wake_ups_come_no_sooner_than_the_interval_after_its_last_start()
    {
        using var queue = new WorkQueue<string>("test", time, coalesceInterval: TimeSpan.FromSeconds(2));
        queue.Add("a", QueuePriority.High);
        await TakeAllAsync(queue, 1);

        queue.AddCoalesced("a", TimeSpan.FromMilliseconds(500));
        time.Advance(TimeSpan.FromMilliseconds(1999));
        queue.Length.ShouldBe(0);
        time.Advance(TimeSpan.FromMilliseconds(1));
        queue.Length.ShouldBe(1);

        // Long after the last start, only the child delay applies; and the key's own changes are never held back.
        await TakeAllAsync(queue, 1);
        time.Advance(TimeSpan.FromSeconds(10));
        queue.AddCoalesced("a", TimeSpan.FromMilliseconds(500));
        time.Advance(TimeSpan.FromMilliseconds(500));
        queue.Length.ShouldBe(1);
        await TakeAllAsync(queue, 1);
        queue.Add("a", QueuePriority.High);
        queue.Length.ShouldBe(1);
    }

    [Fact]
    public async Task The_queue_duration_is_also_counted_by_the_priority_a_key_was_handed_out_at()
    {
        using var queue = new WorkQueue<string>("priority-metrics", time);
        queue.Add("edit", QueuePriority.High);
        queue.Add("child");
        queue.Add("listed", QueuePriority.Low);
        queue.Add("raised", QueuePriority.Low);
        queue.Add("raised", QueuePriority.High);

        await TakeAllAsync(queue, 4);

        Count("high").ShouldBe(2);
        Count("normal").ShouldBe(1);
        Count("low").ShouldBe(1);
        static double Count(string priority) => RuntimeMetrics.QueueDurationByPriority.WithLabels("priority-metrics", priority).Count;
    }

    private static async Task<List<string>> TakeAllAsync(WorkQueue<string> queue, int count)
    {
        List<string> keys = [];
        for (var i = 0; i < count; i++)
        {
            var key = await queue.GetAsync(TestContext.Current.CancellationToken);
            keys.Add(key);
            queue.Done(key);
        }

        return keys;
    }
}
