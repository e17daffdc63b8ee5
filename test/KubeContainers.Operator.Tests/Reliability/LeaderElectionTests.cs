using System.Diagnostics;
using k8s;
using KubeContainers.Operator.Tests.Support;
using static KubeContainers.Operator.Tests.Reliability.ReliabilityCluster;

namespace KubeContainers.Operator.Tests.Reliability;

/// <summary>Scenario 4: two replicas with leader election. The leader SIGKILLed: the standby takes the lease when
/// it expires (15 s) and reconciles a change made after the kill. The leader stopped with SIGTERM: it releases the
/// lease and the standby takes over within one retry period (2 s).</summary>
[ClusterTest]
public sealed class LeaderElectionTests
{
    private const string LeaseName = OperatorIdentity.LeaseName;
    private const string LeaseNamespace = "default";

    /// <summary>Lease duration 15 s, plus the standby's retry period (2 s, +20% jitter), plus margin for a loaded machine.</summary>
    private static readonly TimeSpan KillFailoverBound = TimeSpan.FromSeconds(30);

    /// <summary>A released lease is taken at the standby's next retry (≤ 2.4 s), plus the leader's shutdown and margin.</summary>
    private static readonly TimeSpan GracefulHandoverBound = TimeSpan.FromSeconds(10);

    /// <summary>As the chart runs it: the Lease named after the release, the one its Role grants.</summary>
    private static readonly string[] Flags = ["--leader-election", "--leader-election-namespace", LeaseNamespace, "--leader-election-id", LeaseName];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_standby_takes_over_within_the_lease_timing_when_the_leader_is_killed_and_promptly_when_it_stops()
    {
        await using var env = await StartAsync("leader", LeaseNamespace);
        var scenario = new ReliabilityResults.Scenario("4-leader-election",
            "two replicas with --leader-election: SIGKILL the Lease holder, a change made after the kill is reconciled by the standby within lease (15 s) + margin; SIGTERM the new leader with a fresh standby running: it releases the lease and the change after the stop is reconciled within seconds");
        OperatorProcess[] replicas = [env.StartOperator(Flags), env.StartOperator(Flags)];
        await env.ApplyAsync(0, Fleet, "example.com/app:v1");
        await env.ConvergeAsync("under the first leader");

        var (leader, leaderId) = await LeaderAsync(env, replicas);
        var standby = replicas.Single(r => r != leader);
        leader.KillHard();
        var killed = Stopwatch.StartNew();
        var killedAt = DateTime.UtcNow;
        await env.ApplyAsync(0, 1, "example.com/app:v2");
        await env.ConvergeAsync("the standby reconciling the change made after the kill", KillFailoverBound);
        var failover = killed.Elapsed;
        var (newLeader, newLeaderId) = await LeaderAsync(env, [standby]);
        newLeaderId.ShouldNotBe(leaderId);
        var lease = await env.Client.CoordinationV1.ReadNamespacedLeaseAsync(LeaseName, LeaseNamespace, cancellationToken: Ct);
        var leaseTakenAfter = DateTime.SpecifyKind(lease.Spec.AcquireTime!.Value, DateTimeKind.Utc) - killedAt;
        failover.ShouldBeLessThan(KillFailoverBound);
        await env.RemoveAsync(leader);

        var fresh = env.StartOperator(Flags);
        await Eventually.True(() => Task.FromResult(fresh.Output.Contains("Caches synced", StringComparison.Ordinal)),
            "the fresh replica to be a synced standby", Converge);
        newLeader.Terminate();
        var stopped = Stopwatch.StartNew();
        var stoppedAt = DateTime.UtcNow;
        await env.ApplyAsync(1, 1, "example.com/app:v2");
        await env.ConvergeAsync("the fresh standby reconciling the change made after the stop", Converge);
        var handover = stopped.Elapsed;
        (await newLeader.WaitForExitAsync(TimeSpan.FromSeconds(30))).ShouldBe(0, "a graceful stop exits 0");
        newLeader.Output.ShouldContain("released lease", Case.Sensitive, "the leader hands the lease over on SIGTERM");
        var (_, thirdLeaderId) = await LeaderAsync(env, [fresh]);
        lease = await env.Client.CoordinationV1.ReadNamespacedLeaseAsync(LeaseName, LeaseNamespace, cancellationToken: Ct);
        var releasedTakenAfter = DateTime.SpecifyKind(lease.Spec.AcquireTime!.Value, DateTimeKind.Utc) - stoppedAt;
        handover.ShouldBeLessThan(GracefulHandoverBound, "a released lease is taken at the standby's next retry");
        fresh.HasExited.ShouldBeFalse();

        scenario.Faults["leaderSigkills"] = 1;
        scenario.Faults["leaderSigterms"] = 1;
        scenario.Recovery("SIGKILL: lease taken by the standby", leaseTakenAfter);
        scenario.Recovery("SIGKILL: change after the kill reconciled", failover);
        scenario.Recovery("SIGTERM: lease taken by the standby", releasedTakenAfter);
        scenario.Recovery("SIGTERM: change after the stop reconciled", handover);
        scenario.Details["killBoundSeconds"] = KillFailoverBound.TotalSeconds;
        scenario.Details["gracefulBoundSeconds"] = GracefulHandoverBound.TotalSeconds;
        scenario.Details["leaders"] = $"{leaderId} -> {newLeaderId} -> {thirdLeaderId}";
        await env.RecordAsync(scenario);
    }

    /// <summary>The Lease holder and which of <paramref name="candidates"/> it is (by the "acquired lease" log line).</summary>
    private static async Task<(OperatorProcess Process, string Identity)> LeaderAsync(ReliabilityCluster env, IReadOnlyList<OperatorProcess> candidates)
    {
        var found = await Eventually.Returns(
            async () =>
            {
                var lease = await env.Client.CoordinationV1.ReadNamespacedLeaseAsync(LeaseName, LeaseNamespace, cancellationToken: Ct);
                var holder = lease.Spec?.HolderIdentity;
                var process = string.IsNullOrEmpty(holder)
                    ? null
                    : candidates.FirstOrDefault(c => !c.HasExited && c.Output.Contains($"{holder} acquired lease", StringComparison.Ordinal));
                return (process, holder);
            },
            r => r.process is not null,
            "a running replica holding the lease",
            Converge);
        return (found.process!, found.holder!);
    }
}
