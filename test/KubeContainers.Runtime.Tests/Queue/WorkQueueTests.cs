using KubeContainers.Runtime.Queue;
using Microsoft.Extensions.Time.Testing;

namespace KubeContainers.Runtime.Tests.Queue;

public sealed class WorkQueueTests
{
    private readonly FakeTimeProvider time = new();

    [Fact]
    public void Repeated_adds_of_a_waiting_key_collapse_into_one()
    {
        using var queue = new WorkQueue<string>("test", time);

        queue.Add("a");
        queue.Add("b");
        queue.Add("a");
        queue.Add("a");

        queue.Length.ShouldBe(2);
    }

    [Fact]
    public async Task A_key_being_processed_is_not_handed_out_again_until_done_and_is_then_replayed_once()
    {
        using var queue = new WorkQueue<string>("test", time);
        queue.Add("a");
        var key = await queue.GetAsync(TestContext.Current.CancellationToken);

        queue.Add("a");
        queue.Add("a");
        queue.Length.ShouldBe(0);
        var second = queue.GetAsync(TestContext.Current.CancellationToken);
        second.IsCompleted.ShouldBeFalse();

        queue.Done(key);
        (await second.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)).ShouldBe("a");
        queue.Length.ShouldBe(0);
    }

    [Fact]
    public async Task Keys_come_out_in_the_order_they_were_first_added()
    {
        using var queue = new WorkQueue<string>("test", time);
        queue.Add("a");
        queue.Add("b");
        queue.Add("a");

        (await queue.GetAsync(TestContext.Current.CancellationToken)).ShouldBe("a");
        (await queue.GetAsync(TestContext.Current.CancellationToken)).ShouldBe("b");
    }

    [Fact]
    public void A_delayed_add_becomes_ready_only_when_its_time_has_come()
    {
        using var queue = new WorkQueue<string>("test", time);

        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(9));
        queue.Length.ShouldBe(0);

        time.Advance(TimeSpan.FromSeconds(1));
        queue.Length.ShouldBe(1);
    }

    [Fact]
    public void Of_two_delayed_adds_of_one_key_the_earlier_wins_and_the_key_is_added_once()
    {
        using var queue = new WorkQueue<string>("test", time);

        queue.AddAfter("a", TimeSpan.FromSeconds(30));
        queue.AddAfter("a", TimeSpan.FromSeconds(5));
        queue.AddAfter("a", TimeSpan.FromSeconds(20));
        time.Advance(TimeSpan.FromSeconds(5));
        queue.Length.ShouldBe(1);

        time.Advance(TimeSpan.FromSeconds(60));
        queue.Length.ShouldBe(1);
    }

    [Fact]
    public async Task Delayed_keys_become_ready_each_at_its_own_time_whatever_order_they_were_added_in()
    {
        using var queue = new WorkQueue<string>("test", time);

        queue.AddAfter("late", TimeSpan.FromSeconds(30));
        queue.AddAfter("early", TimeSpan.FromSeconds(10));
        queue.AddAfter("middle", TimeSpan.FromSeconds(20));
        time.Advance(TimeSpan.FromSeconds(10));
        queue.Length.ShouldBe(1);
        (await queue.GetAsync(TestContext.Current.CancellationToken)).ShouldBe("early");

        time.Advance(TimeSpan.FromSeconds(10));
        (await queue.GetAsync(TestContext.Current.CancellationToken)).ShouldBe("middle");

        // A key added while another waits fires at its own time, before the one already waiting.
        queue.AddAfter("next", TimeSpan.FromSeconds(5));
        time.Advance(TimeSpan.FromSeconds(5));
        (await queue.GetAsync(TestContext.Current.CancellationToken)).ShouldBe("next");
        queue.Length.ShouldBe(0);
        time.Advance(TimeSpan.FromSeconds(5));
        (await queue.GetAsync(TestContext.Current.CancellationToken)).ShouldBe("late");
    }

    [Fact]
    public void A_burst_of_coalesced_adds_becomes_one_key_after_the_delay_of_the_first()
    {
        using var queue = new WorkQueue<string>("test", time);

        queue.AddCoalesced("a", TimeSpan.FromMilliseconds(500));
        time.Advance(TimeSpan.FromMilliseconds(300));
        queue.AddCoalesced("a", TimeSpan.FromMilliseconds(500));
        queue.AddCoalesced("a", TimeSpan.FromMilliseconds(500));
        queue.Length.ShouldBe(0);

        time.Advance(TimeSpan.FromMilliseconds(200));
        queue.Length.ShouldBe(1);
        time.Advance(TimeSpan.FromSeconds(1));
        queue.Length.ShouldBe(1);
    }

    [Fact]
    public void With_a_coalesce_bound_a_burst_wakes_the_key_once_it_has_been_quiet_for_the_delay()
    {
        using var queue = new WorkQueue<string>("test", time, coalesceMax: TimeSpan.FromSeconds(2));

        // A rollout's steps 300 ms apart: each moves the wake-up to 500 ms after itself.
        queue.AddCoalesced("a", TimeSpan.FromMilliseconds(500));
        time.Advance(TimeSpan.FromMilliseconds(300));
        queue.AddCoalesced("a", TimeSpan.FromMilliseconds(500));
        time.Advance(TimeSpan.FromMilliseconds(300));
        queue.AddCoalesced("a", TimeSpan.FromMilliseconds(500));
        time.Advance(TimeSpan.FromMilliseconds(499));
        queue.Length.ShouldBe(0, "the last event was 499 ms ago");

        time.Advance(TimeSpan.FromMilliseconds(1));
        queue.Length.ShouldBe(1);
        time.Advance(TimeSpan.FromSeconds(5));
        queue.Length.ShouldBe(1, "one wake-up for the whole burst");
    }

    [Fact]
    public void With_a_coalesce_bound_a_burst_that_never_goes_quiet_still_wakes_the_key_at_the_bound()
    {
        using var queue = new WorkQueue<string>("test", time, coalesceMax: TimeSpan.FromSeconds(2));

        queue.AddCoalesced("a", TimeSpan.FromMilliseconds(500));
        for (var step = 0; step < 19; step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            queue.AddCoalesced("a", TimeSpan.FromMilliseconds(500));
            queue.Length.ShouldBe(0, $"{(step + 1) * 100} ms into the burst");
        }

        time.Advance(TimeSpan.FromMilliseconds(100));
        queue.Length.ShouldBe(1, "2 s after the first event, however busy the children still are");
    }

    [Fact]
    public void A_coalesced_wake_up_never_moves_a_requeue_the_reconcile_asked_for()
    {
        using var queue = new WorkQueue<string>("test", time, coalesceMax: TimeSpan.FromSeconds(2));

        queue.AddAfter("a", TimeSpan.FromMilliseconds(200));
        queue.AddCoalesced("a", TimeSpan.FromMilliseconds(500));
        time.Advance(TimeSpan.FromMilliseconds(200));

        queue.Length.ShouldBe(1);
    }

    [Fact]
    public async Task A_coalesced_add_of_a_key_already_due_changes_nothing_but_one_during_processing_replays_it()
    {
        using var queue = new WorkQueue<string>("test", time);
        queue.Add("a");
        queue.AddCoalesced("a", TimeSpan.FromMilliseconds(500));
        time.Advance(TimeSpan.FromSeconds(1));
        queue.Length.ShouldBe(1);

        var key = await queue.GetAsync(TestContext.Current.CancellationToken);
        // An event during the reconcile: it may have read the cache before the change, so it must run again.
        queue.AddCoalesced("a", TimeSpan.FromMilliseconds(500));
        time.Advance(TimeSpan.FromMilliseconds(500));
        queue.Done(key);

        queue.Length.ShouldBe(1);
    }

    [Fact]
    public void A_non_positive_delay_adds_at_once()
    {
        using var queue = new WorkQueue<string>("test", time);

        queue.AddAfter("a", TimeSpan.Zero);

        queue.Length.ShouldBe(1);
    }

    [Fact]
    public async Task A_failing_key_is_never_dropped_however_often_it_fails()
    {
        using var queue = new WorkQueue<string>("test", time);
        queue.Add("a");

        for (var failure = 0; failure < 40; failure++)
        {
            var key = await queue.GetAsync(TestContext.Current.CancellationToken);
            queue.AddRateLimited(key);
            queue.Done(key);
            // The cap is 1000 s: advancing that far always brings the key back.
            time.Advance(TimeSpan.FromSeconds(1000));
            queue.Length.ShouldBe(1, $"after failure {failure + 1}");
        }

        queue.NumRequeues("a").ShouldBe(40);
    }

    [Fact]
    public void Rate_limited_adds_back_off_exponentially_and_forget_resets_the_backoff()
    {
        using var queue = new WorkQueue<string>("test", time);

        queue.AddRateLimited("a");
        time.Advance(TimeSpan.FromMilliseconds(4));
        queue.Length.ShouldBe(0);
        time.Advance(TimeSpan.FromMilliseconds(1));
        queue.Length.ShouldBe(1);

        // Second failure of "b" after its first retry: 10 ms.
        queue.AddRateLimited("b");
        time.Advance(TimeSpan.FromMilliseconds(5));
        queue.AddRateLimited("b");
        time.Advance(TimeSpan.FromMilliseconds(9));
        queue.Length.ShouldBe(2, "b was re-added by its first retry and is waiting; the second add collapses into it");
        queue.NumRequeues("b").ShouldBe(2);

        queue.Forget("b");
        queue.NumRequeues("b").ShouldBe(0);
    }

    [Fact]
    public async Task Each_retry_of_a_failing_key_waits_twice_as_long_as_the_previous()
    {
        using var queue = new WorkQueue<string>("test", time);
        queue.Add("a");

        foreach (var expectedMs in new[] { 5, 10, 20, 40, 80 })
        {
            var key = await queue.GetAsync(TestContext.Current.CancellationToken);
            queue.AddRateLimited(key);
            queue.Done(key);
            time.Advance(TimeSpan.FromMilliseconds(expectedMs - 1));
            queue.Length.ShouldBe(0, $"before {expectedMs} ms");
            time.Advance(TimeSpan.FromMilliseconds(1));
            queue.Length.ShouldBe(1, $"at {expectedMs} ms");
        }
    }
}
