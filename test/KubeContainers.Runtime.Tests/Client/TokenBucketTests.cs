using KubeContainers.Runtime.Client;
using Microsoft.Extensions.Time.Testing;

namespace KubeContainers.Runtime.Tests.Client;

public sealed class TokenBucketTests
{
    [Fact]
    public void The_burst_is_free_then_tokens_come_at_the_configured_rate()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(qps: 5, burst: 3, time);

        bucket.Reserve().ShouldBe(TimeSpan.Zero);
        bucket.Reserve().ShouldBe(TimeSpan.Zero);
        bucket.Reserve().ShouldBe(TimeSpan.Zero);
        bucket.Reserve().ShouldBe(TimeSpan.FromMilliseconds(200));
        bucket.Reserve().ShouldBe(TimeSpan.FromMilliseconds(400));

        time.Advance(TimeSpan.FromSeconds(10));
        bucket.Reserve().ShouldBe(TimeSpan.Zero);
    }
}
