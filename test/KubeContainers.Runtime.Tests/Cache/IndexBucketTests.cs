using KubeContainers.Runtime.Cache;
using KubeContainers.Runtime.Client;

namespace KubeContainers.Runtime.Tests.Cache;

public sealed class IndexBucketTests
{
    private static readonly ObjectKey A = new("ns", "a");
    private static readonly ObjectKey B = new("ns", "b");
    private static readonly ObjectKey C = new("ns", "c");

    [Fact]
    public void One_key_is_held_and_removed_as_a_set_would()
    {
        var bucket = new IndexBucket();
        bucket.Add(A);
        bucket.Add(new ObjectKey("ns", "a"));

        bucket.Count.ShouldBe(1);
        bucket.ShouldBe([A]);
        bucket.Remove(B).ShouldBeFalse();
        bucket.Remove(A).ShouldBeTrue();
        bucket.Count.ShouldBe(0);
        bucket.ShouldBeEmpty();
    }

    [Fact]
    public void A_second_key_grows_it_into_a_set_that_keeps_every_key_once()
    {
        var bucket = new IndexBucket();
        bucket.Add(A);
        bucket.Add(B);
        bucket.Add(C);
        bucket.Add(B);

        bucket.Count.ShouldBe(3);
        bucket.ShouldBe([A, B, C], ignoreOrder: true);
        bucket.Remove(A).ShouldBeTrue();
        bucket.Remove(A).ShouldBeFalse();
        bucket.ShouldBe([B, C], ignoreOrder: true);
    }
}
