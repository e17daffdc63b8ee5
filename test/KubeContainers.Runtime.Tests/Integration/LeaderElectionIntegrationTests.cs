using k8s.Models;
using KubeContainers.LocalCluster;
using KubeContainers.Runtime.LeaderElection;
using Microsoft.Extensions.Logging.Abstractions;
using static KubeContainers.Runtime.Tests.Integration.ClusterTestKit;

namespace KubeContainers.Runtime.Tests.Integration;

[ClusterTest]
public sealed class LeaderElectionIntegrationTests
{
    [Fact]
    public async Task Two_candidates_elect_one_leader_and_the_other_takes_over_when_the_first_dies()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await LocalCluster.LocalCluster.StartAsync(new LocalClusterOptions { EnableControllers = false }, ct);
        var options = new LeaderElectionOptions
        {
            LeaseDuration = TimeSpan.FromSeconds(2),
            RenewDeadline = TimeSpan.FromSeconds(1.5),
            RetryPeriod = TimeSpan.FromMilliseconds(200),
        };
        var a = new LeaseElector(NewClient(cluster), options, "default", "a", TimeProvider.System, NullLogger.Instance);
        var b = new LeaseElector(NewClient(cluster), options, "default", "b", TimeProvider.System, NullLogger.Instance);

        (await a.AcquireAsync(ct)).ShouldBeTrue();
        using var killA = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var holdA = a.HoldAsync(killA.Token);
        using var stopB = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var acquireB = b.AcquireAsync(stopB.Token);

        // Past the lease duration, a still renews and b still waits. The signals, instead of a sleep: a renewed after
        // its first lease would have run out, and b asked for the lease again after that (each renewal of a is a get
        // and an update of the lease, each try of b a get only, and so is each read of this test).
        var reads = 0;
        var first = (await LeaseRead()).Spec;
        await Eventually.Returns(LeaseRead, l => l.Spec.RenewTime > first.AcquireTime + options.LeaseDuration + options.RetryPeriod,
            "a renewing past its first lease's expiry", TimeSpan.FromSeconds(15));
        var triesThen = TriesOfB();
        await Eventually.Until(() => TriesOfB() >= triesThen + 3, "b trying again after that", TimeSpan.FromSeconds(15));
        acquireB.IsCompleted.ShouldBeFalse();
        var held = await LeaseRead();
        held.Spec.HolderIdentity.ShouldBe("a");
        held.Spec.LeaseTransitions.ShouldBe(first.LeaseTransitions);

        // a dies without releasing: b takes over once the lease expires.
        await killA.CancelAsync();
        (await holdA).ShouldBeTrue();
        (await acquireB.WaitAsync(TimeSpan.FromSeconds(15), ct)).ShouldBeTrue();
        (await Lease(cluster)).Spec.HolderIdentity.ShouldBe("b");

        Task<V1Lease> LeaseRead()
        {
            Interlocked.Increment(ref reads);
            return Lease(cluster);
        }

        long TriesOfB()
        {
            var leases = cluster.Requests.Snapshot().Where(e => e.Resource.StartsWith("leases", StringComparison.Ordinal)).ToList();
            return leases.Where(e => e.Verb == "get").Sum(e => e.Count) - leases.Where(e => e.Verb == "update").Sum(e => e.Count) - Volatile.Read(ref reads);
        }
    }

    [Fact]
    public async Task A_graceful_stop_releases_the_lease_so_the_next_leader_need_not_wait_for_expiry()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await LocalCluster.LocalCluster.StartAsync(new LocalClusterOptions { EnableControllers = false }, ct);
        var options = new LeaderElectionOptions
        {
            LeaseDuration = TimeSpan.FromSeconds(60),
            RenewDeadline = TimeSpan.FromSeconds(40),
            RetryPeriod = TimeSpan.FromMilliseconds(200),
        };
        var a = new LeaseElector(NewClient(cluster), options, "default", "a", TimeProvider.System, NullLogger.Instance);
        var b = new LeaseElector(NewClient(cluster), options, "default", "b", TimeProvider.System, NullLogger.Instance);
        (await a.AcquireAsync(ct)).ShouldBeTrue();
        var acquireB = b.AcquireAsync(ct);

        await a.ReleaseAsync();

        // Far sooner than the 60 s lease would expire.
        (await acquireB.WaitAsync(TimeSpan.FromSeconds(20), ct)).ShouldBeTrue();
    }

    private static async Task<V1Lease> Lease(LocalCluster.LocalCluster cluster) =>
        (await NewClient(cluster).GetAsync<V1Lease>("kubecontainers-operator", "default", TestContext.Current.CancellationToken))!;
}
