using k8s.Models;
using KubeContainers.Runtime.Client;
using KubeContainers.Runtime.Hosting;
using Microsoft.Extensions.Logging;

namespace KubeContainers.Runtime.LeaderElection;

/// <summary>Leader election on a coordination.k8s.io Lease, as client-go does it. Expiry is judged by the local clock
/// from when this replica last saw the lease record change, never by comparing clocks across machines.
/// leader_election_master_status{name=lease} is 1 while this replica leads and 0 otherwise, as client-go reports it.</summary>
internal sealed class LeaseElector(IKubeClient client, LeaderElectionOptions options, string @namespace, string identity, TimeProvider time, ILogger logger)
{
    private V1LeaseSpec? observedRecord;
    private string? observedVersion;
    private long observedAt;

    public string Identity => identity;

    public bool IsLeader
    {
        get;
        private set
        {
            field = value;
            RuntimeMetrics.LeaderElectionMasterStatus.WithLabels(options.LeaseName).Set(value ? 1 : 0);
        }
    }

    /// <summary>A follower reports 0 from the start, so an alert on "no leader" sees every replica.</summary>
    public void ReportFollower() => IsLeader = false;

    /// <summary>Blocks until this replica holds the lease; returns false if cancelled first.</summary>
    public async Task<bool> AcquireAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            if (await TryAcquireOrRenewAsync(ct).ConfigureAwait(false))
            {
                IsLeader = true;
                logger.LogInformation("{Identity} acquired lease {Namespace}/{Lease}", identity, @namespace, options.LeaseName);
                return true;
            }

            try
            {
                await Task.Delay(Jitter(options.RetryPeriod), time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Renews every retry period. Returns false when the lease is lost (not renewed within the renew
    /// deadline), true when cancelled while still leading.</summary>
    public async Task<bool> HoldAsync(CancellationToken ct)
    {
        var lastRenew = time.GetTimestamp();
        while (!ct.IsCancellationRequested)
        {
            bool renewed;
            try
            {
                await Task.Delay(options.RetryPeriod, time, ct).ConfigureAwait(false);
                renewed = await TryAcquireOrRenewAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Stopped while waiting or while a renewal was in flight: still the leader when asked to stop.
                break;
            }

            if (renewed)
            {
                lastRenew = time.GetTimestamp();
            }
            else if (time.GetElapsedTime(lastRenew) > options.RenewDeadline)
            {
                IsLeader = false;
                logger.LogError("{Identity} failed to renew lease {Namespace}/{Lease} within {Deadline}; leadership lost",
                    identity, @namespace, options.LeaseName, options.RenewDeadline);
                return false;
            }
        }

        return true;
    }

    internal async Task<bool> TryAcquireOrRenewAsync(CancellationToken ct)
    {
        try
        {
            var now = time.GetUtcNow().UtcDateTime;
            var lease = await client.GetAsync<V1Lease>(options.LeaseName, @namespace, ct).ConfigureAwait(false);
            if (lease is null)
            {
                var created = await client.CreateAsync(new V1Lease
                {
                    Metadata = new V1ObjectMeta { Name = options.LeaseName, NamespaceProperty = @namespace },
                    Spec = Record(now, now, transitions: 0),
                }, ct).ConfigureAwait(false);
                Observe(created);
                return true;
            }

            var spec = lease.Spec ?? new V1LeaseSpec();
            if (observedVersion != lease.Metadata.ResourceVersion || observedRecord is null)
            {
                Observe(lease);
            }

            var held = !string.IsNullOrEmpty(spec.HolderIdentity) && spec.HolderIdentity != identity;
            var duration = TimeSpan.FromSeconds(spec.LeaseDurationSeconds ?? (int)options.LeaseDuration.TotalSeconds);
            if (held && time.GetElapsedTime(observedAt) < duration)
            {
                return false;
            }

            var mine = spec.HolderIdentity == identity;
            lease.Spec = Record(mine ? spec.AcquireTime ?? now : now, now, (spec.LeaseTransitions ?? 0) + (mine ? 0 : 1));
            Observe(await client.UpdateAsync(lease, ct).ConfigureAwait(false));
            return true;
        }
        catch (KubeApiException e)
        {
            // Conflicts mean another replica wrote first; anything else is a transient API failure. Both: try later.
            logger.LogDebug(e, "{Identity} could not acquire or renew lease", identity);
            return false;
        }
        catch (HttpRequestException e)
        {
            logger.LogDebug(e, "{Identity} could not reach the API server", identity);
            return false;
        }
    }

    /// <summary>Hands the lease over at once instead of making the next leader wait out the lease duration.
    /// Call after the workers have stopped.</summary>
    public async Task ReleaseAsync()
    {
        IsLeader = false;
        try
        {
            using var cts = new CancellationTokenSource(options.RenewDeadline);
            var lease = await client.GetAsync<V1Lease>(options.LeaseName, @namespace, cts.Token).ConfigureAwait(false);
            if (lease?.Spec?.HolderIdentity != identity)
            {
                return;
            }

            var now = time.GetUtcNow().UtcDateTime;
            lease.Spec = new V1LeaseSpec
            {
                HolderIdentity = null,
                LeaseDurationSeconds = 1,
                AcquireTime = now,
                RenewTime = now,
                LeaseTransitions = lease.Spec.LeaseTransitions,
            };
            await client.UpdateAsync(lease, cts.Token).ConfigureAwait(false);
            logger.LogInformation("{Identity} released lease {Namespace}/{Lease}", identity, @namespace, options.LeaseName);
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException or OperationCanceledException)
        {
            logger.LogWarning(e, "{Identity} could not release its lease; the next leader waits for it to expire", identity);
        }
    }

    private V1LeaseSpec Record(DateTime acquired, DateTime renewed, int transitions) => new()
    {
        HolderIdentity = identity,
        LeaseDurationSeconds = (int)Math.Ceiling(options.LeaseDuration.TotalSeconds),
        AcquireTime = acquired,
        RenewTime = renewed,
        LeaseTransitions = transitions,
    };

    private void Observe(V1Lease lease)
    {
        observedRecord = lease.Spec;
        observedVersion = lease.Metadata.ResourceVersion;
        observedAt = time.GetTimestamp();
    }

    private static TimeSpan Jitter(TimeSpan period) => period * (1 + (Random.Shared.NextDouble() * 0.2));
}
