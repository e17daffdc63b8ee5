using KubeContainers.Runtime.Queue;
using Microsoft.Extensions.Time.Testing;

namespace KubeContainers.Runtime.Tests.Queue;

public sealed class ControllerRateLimiterTests
{
    [Fact]
    public void Per_item_backoff_doubles_from_5_ms_and_stops_at_1000_s()
    {
        var backoff = new ItemExponentialBackoff<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));

        var curve = Enumerable.Range(0, 22).Select(_ => backoff.When("a")).ToList();

        curve[0].ShouldBe(TimeSpan.FromMilliseconds(5));
        curve[1].ShouldBe(TimeSpan.FromMilliseconds(10));
        curve[2].ShouldBe(TimeSpan.FromMilliseconds(20));
        curve[10].ShouldBe(TimeSpan.FromMilliseconds(5 * 1024));
        curve[17].ShouldBe(TimeSpan.FromMilliseconds(5 * 131072));
        curve[18].ShouldBe(TimeSpan.FromSeconds(1000));
        curve[21].ShouldBe(TimeSpan.FromSeconds(1000));
        backoff.When("a").ShouldBe(TimeSpan.FromSeconds(1000));
    }

    [Fact]
    public void Backoff_is_per_key()
    {
        var backoff = new ItemExponentialBackoff<string>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000));

        backoff.When("a");
        backoff.When("a");

        backoff.When("b").ShouldBe(TimeSpan.FromMilliseconds(5));
        backoff.NumRequeues("a").ShouldBe(2);
    }

    [Fact]
    public void The_global_bucket_throttles_a_storm_of_distinct_failing_keys()
    {
        var time = new FakeTimeProvider();
        var limiter = new ControllerRateLimiter<int>(time);

        var delays = Enumerable.Range(0, 110).Select(limiter.When).ToList();

        // The first 100 are the burst: only the 5 ms item backoff applies; after that 10 per second.
        delays.Take(100).ShouldAllBe(d => d == TimeSpan.FromMilliseconds(5));
        delays[100].ShouldBe(TimeSpan.FromMilliseconds(100));
        delays[109].ShouldBe(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void The_item_backoff_wins_when_it_is_the_slower()
    {
        var limiter = new ControllerRateLimiter<string>(new FakeTimeProvider());

        for (var i = 0; i < 10; i++)
        {
            limiter.When("a");
        }

        limiter.When("a").ShouldBe(TimeSpan.FromMilliseconds(5 * 1024));
    }
}
