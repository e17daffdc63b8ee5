using KubeContainers.Runtime.Client;
using k8s.Models;
using KubeContainers.Runtime.LeaderElection;
using KubeContainers.Runtime.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KubeContainers.Runtime.Tests.LeaderElection;

public sealed class LeaseElectorTests
{
    private readonly FakeKubeClient client = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly LeaderElectionOptions options = new();

    [Fact]
    public async Task Only_one_of_two_candidates_gets_the_lease_until_it_expires()
    {
        var a = Elector("a");
        var b = Elector("b");

        (await a.TryAcquireOrRenewAsync(TestContext.Current.CancellationToken)).ShouldBeTrue();
        (await b.TryAcquireOrRenewAsync(TestContext.Current.CancellationToken)).ShouldBeFalse();

        time.Advance(TimeSpan.FromSeconds(10));
        (await a.TryAcquireOrRenewAsync(TestContext.Current.CancellationToken)).ShouldBeTrue();
        (await b.TryAcquireOrRenewAsync(TestContext.Current.CancellationToken)).ShouldBeFalse();

        // a stops renewing: b takes over once the lease duration has passed since b saw the last renewal.
        time.Advance(TimeSpan.FromSeconds(14));
        (await b.TryAcquireOrRenewAsync(TestContext.Current.CancellationToken)).ShouldBeFalse();
        time.Advance(TimeSpan.FromSeconds(2));
        (await b.TryAcquireOrRenewAsync(TestContext.Current.CancellationToken)).ShouldBeTrue();

        var lease = client.Peek<V1Lease>(options.LeaseName, "default")!;
        lease.Spec.HolderIdentity.ShouldBe("b");
        lease.Spec.LeaseTransitions.ShouldBe(1);
    }

    [Fact]
    public async Task A_released_lease_is_taken_at_once()
    {
        var a = Elector("a");
        var b = Elector("b");
        (await a.AcquireAsync(TestContext.Current.CancellationToken)).ShouldBeTrue();
        (await b.TryAcquireOrRenewAsync(TestContext.Current.CancellationToken)).ShouldBeFalse();

        await a.ReleaseAsync();

        (await b.TryAcquireOrRenewAsync(TestContext.Current.CancellationToken)).ShouldBeTrue();
    }

    [Fact]
    public async Task Stopping_while_a_renewal_is_in_flight_ends_the_hold_as_still_leading()
    {
        var a = Elector("a");
        (await a.TryAcquireOrRenewAsync(TestContext.Current.CancellationToken)).ShouldBeTrue();
        using var stop = new CancellationTokenSource();
        // The stop arrives during the renewal, which then fails as an interrupted request would.
        client.React((verb, _) =>
        {
            if (verb != "update")
            {
                return null;
            }

            stop.Cancel();
            return new KubeApiException(System.Net.HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", "interrupted");
        });

        var hold = a.HoldAsync(stop.Token);
        time.Advance(options.RetryPeriod);

        (await hold.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken)).ShouldBeTrue();
    }

    private LeaseElector Elector(string identity) => new(client, options, "default", identity, time, NullLogger.Instance);
}
