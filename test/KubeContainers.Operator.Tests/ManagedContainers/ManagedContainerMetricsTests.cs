using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.ManagedContainers;
using KubeContainers.Runtime.Cache;
using Microsoft.Extensions.Time.Testing;
using Prometheus;

namespace KubeContainers.Operator.Tests.ManagedContainers;

/// <summary>The domain series follow what the watch events show, labelled by namespace, phase and reason only.</summary>
public sealed class ManagedContainerMetricsTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly CollectorRegistry registry = Metrics.NewCustomRegistry();
    private readonly ManagedContainerMetrics metrics;

    public ManagedContainerMetricsTests() => metrics = new ManagedContainerMetrics(clock, registry);

    [Fact]
    public void Containers_are_counted_by_namespace_and_phase_and_leave_when_deleted()
    {
        var a = Container("a", ManagedContainerPhases.Deploying);
        Record(ObjectEventType.Added, a);
        Record(ObjectEventType.Added, Container("b", ManagedContainerPhases.Running, ns: "team-b"));
        Scrape()["kubecontainers_containers{namespace=\"team-a\",phase=\"Deploying\"}"].ShouldBe(1);

        var running = Container("a", ManagedContainerPhases.Running);
        Record(ObjectEventType.Modified, running, a);
        var values = Scrape();
        values["kubecontainers_containers{namespace=\"team-a\",phase=\"Deploying\"}"].ShouldBe(0);
        values["kubecontainers_containers{namespace=\"team-a\",phase=\"Running\"}"].ShouldBe(1);
        values["kubecontainers_containers{namespace=\"team-b\",phase=\"Running\"}"].ShouldBe(1);

        Record(ObjectEventType.Deleted, running);
        Scrape()["kubecontainers_containers{namespace=\"team-a\",phase=\"Running\"}"].ShouldBe(0);
        Scrape().Keys.ShouldAllBe(k => !k.Contains("name=", StringComparison.Ordinal), "never labelled by container");
    }

    [Fact]
    public void Time_to_Ready_runs_from_the_first_sight_of_a_generation_to_Ready_at_it()
    {
        var ready = Container("a", ManagedContainerPhases.Running, generation: 1, observed: 1, readyStatus: ConditionStatuses.True);
        Record(ObjectEventType.Added, ready); // already Ready when the operator started: nothing to time
        Scrape()["kubecontainers_time_to_ready_seconds_count"].ShouldBe(0);

        var changed = Container("a", ManagedContainerPhases.Running, generation: 2, observed: 1, readyStatus: ConditionStatuses.True);
        Record(ObjectEventType.Modified, changed, ready);
        clock.Advance(TimeSpan.FromSeconds(4));
        var rolling = Container("a", ManagedContainerPhases.Deploying, generation: 2, observed: 2, readyStatus: ConditionStatuses.False);
        Record(ObjectEventType.Modified, rolling, changed);
        clock.Advance(TimeSpan.FromSeconds(3));
        Record(ObjectEventType.Modified, Container("a", ManagedContainerPhases.Running, generation: 2, observed: 2, readyStatus: ConditionStatuses.True), rolling);

        var values = Scrape();
        values["kubecontainers_time_to_ready_seconds_count"].ShouldBe(1);
        values["kubecontainers_time_to_ready_seconds_sum"].ShouldBe(7, 1e-6);
        values["kubecontainers_time_to_ready_seconds_bucket{le=\"5\"}"].ShouldBe(0);
        values["kubecontainers_time_to_ready_seconds_bucket{le=\"10\"}"].ShouldBe(1);
    }

    [Fact]
    public void Rollbacks_and_expiries_count_transitions_not_states()
    {
        var running = Container("a", ManagedContainerPhases.Running, readyStatus: ConditionStatuses.True);
        var rolledBack = Container("a", ManagedContainerPhases.Running, readyStatus: ConditionStatuses.False, readyReason: ConditionReasons.RolledBack);
        Record(ObjectEventType.Added, running);
        Record(ObjectEventType.Modified, rolledBack, running);
        Record(ObjectEventType.Modified, rolledBack, rolledBack); // still rolled back: the same rollback

        var expired = Container("a", ManagedContainerPhases.Expired, readyStatus: ConditionStatuses.False, readyReason: ConditionReasons.Expired);
        expired.Status!.Conditions!.Add(new V1Condition { Type = ConditionTypes.Suspended, Status = ConditionStatuses.True, Reason = ConditionReasons.Expired, Message = "lifetime ran out" });
        Record(ObjectEventType.Modified, expired, rolledBack);
        Record(ObjectEventType.Added, expired); // a relist of a container that had already expired

        var values = Scrape();
        values["kubecontainers_rollbacks_total{namespace=\"team-a\"}"].ShouldBe(1);
        values["kubecontainers_expiries_total{namespace=\"team-a\"}"].ShouldBe(1);
    }

    [Fact]
    public void Containers_not_Ready_are_counted_by_the_reason_of_their_Ready_condition()
    {
        var crashing = Container("a", ManagedContainerPhases.Failed, readyReason: ConditionReasons.CrashLooping);
        Record(ObjectEventType.Added, crashing);
        Record(ObjectEventType.Added, Container("b", ManagedContainerPhases.Failed, readyReason: ConditionReasons.CrashLooping));
        Record(ObjectEventType.Added, Container("c", ManagedContainerPhases.Pending, readyReason: ConditionReasons.PlanExceeded));
        Record(ObjectEventType.Added, Container("ok", ManagedContainerPhases.Running, readyStatus: ConditionStatuses.True, readyReason: ConditionReasons.Ready));
        var values = Scrape();
        values["kubecontainers_containers_not_ready{namespace=\"team-a\",reason=\"CrashLooping\"}"].ShouldBe(2);
        values["kubecontainers_containers_not_ready{namespace=\"team-a\",reason=\"PlanExceeded\"}"].ShouldBe(1);
        values.Keys.ShouldNotContain(k => k.Contains("reason=\"Ready\"", StringComparison.Ordinal), "a Ready container is not counted");

        // Fixed, then stopped by its user: neither counts as not Ready.
        var fixedOne = Container("a", ManagedContainerPhases.Running, readyStatus: ConditionStatuses.True, readyReason: ConditionReasons.Ready);
        Record(ObjectEventType.Modified, fixedOne, crashing);
        var stopped = Container("b", ManagedContainerPhases.Stopped, readyReason: ConditionReasons.Stopped);
        Record(ObjectEventType.Modified, stopped);
        Record(ObjectEventType.Deleted, Container("c", ManagedContainerPhases.Pending, readyReason: ConditionReasons.PlanExceeded));
        values = Scrape();
        values["kubecontainers_containers_not_ready{namespace=\"team-a\",reason=\"CrashLooping\"}"].ShouldBe(0);
        values["kubecontainers_containers_not_ready{namespace=\"team-a\",reason=\"PlanExceeded\"}"].ShouldBe(0);
        values.Keys.ShouldNotContain(k => k.Contains("reason=\"Stopped\"", StringComparison.Ordinal), "a stopped container is not meant to be Ready");
    }

    [Fact]
    public void The_oldest_not_Ready_container_gives_the_time_since_which_its_group_waits()
    {
        var crashing = Container("a", ManagedContainerPhases.Failed, readyReason: ConditionReasons.CrashLooping, since: At(100));
        Record(ObjectEventType.Added, crashing);
        Record(ObjectEventType.Added, Container("b", ManagedContainerPhases.Failed, readyReason: ConditionReasons.CrashLooping, since: At(300)));
        Scrape()[Oldest("CrashLooping")].ShouldBe(Unix(100));

        // Its reason changes but it has not been Ready since: the clock keeps its start.
        var pulling = Container("a", ManagedContainerPhases.Failed, readyReason: ConditionReasons.ImagePullFailed, since: At(100));
        Record(ObjectEventType.Modified, pulling, crashing);
        var values = Scrape();
        values[Oldest("CrashLooping")].ShouldBe(Unix(300));
        values[Oldest("ImagePullFailed")].ShouldBe(Unix(100));

        // The last of a group gone: no series, so nothing for an alert to find.
        Record(ObjectEventType.Deleted, pulling);
        Scrape().Keys.ShouldNotContain(Oldest("ImagePullFailed"));
    }

    [Fact]
    public void A_container_recreated_while_the_watch_was_down_is_counted_once()
    {
        var old = Container("a", ManagedContainerPhases.Failed, readyReason: ConditionReasons.CrashLooping);
        Record(ObjectEventType.Added, old);
        var recreated = Container("a2", ManagedContainerPhases.Running, readyStatus: ConditionStatuses.True, readyReason: ConditionReasons.Ready);
        recreated.Metadata.Name = "a"; // same name, new uid: a relist reports it as a change of "a"
        Record(ObjectEventType.Modified, recreated, old);

        var values = Scrape();
        values["kubecontainers_containers_not_ready{namespace=\"team-a\",reason=\"CrashLooping\"}"].ShouldBe(0);
        values["kubecontainers_containers{namespace=\"team-a\",phase=\"Failed\"}"].ShouldBe(0);
        values["kubecontainers_containers{namespace=\"team-a\",phase=\"Running\"}"].ShouldBe(1);
    }

    [Fact]
    public void A_finished_oneShot_or_a_deleting_container_is_not_meant_to_be_Ready()
    {
        var job = Container("job", ManagedContainerPhases.Failed, readyReason: ConditionReasons.JobFailed);
        job.Spec!.Mode = WorkloadModes.OneShot;
        var deleting = Container("gone", ManagedContainerPhases.Running, readyReason: ConditionReasons.CrashLooping);
        deleting.Metadata.DeletionTimestamp = At(50);
        var stuck = Container("web", ManagedContainerPhases.Failed, readyReason: ConditionReasons.ProgressDeadlineExceeded);

        ManagedContainerMetrics.NotReadyReason(job).ShouldBeNull();
        ManagedContainerMetrics.NotReadyReason(deleting).ShouldBeNull();
        ManagedContainerMetrics.NotReadyReason(stuck).ShouldBe(ConditionReasons.ProgressDeadlineExceeded, "a failed rollout waits for its user");
    }

    [Fact]
    public void Refusals_are_counted_by_namespace_and_reason()
    {
        metrics.Refused("team-a", ConditionReasons.QuotaExceeded);
        metrics.Refused("team-a", ConditionReasons.QuotaExceeded);
        metrics.Refused("team-a", ConditionReasons.Forbidden);

        var values = Scrape();
        values["kubecontainers_refusals_total{namespace=\"team-a\",reason=\"QuotaExceeded\"}"].ShouldBe(2);
        values["kubecontainers_refusals_total{namespace=\"team-a\",reason=\"Forbidden\"}"].ShouldBe(1);
    }

    private static V1Alpha1ManagedContainer Container(
        string uid, string phase, string ns = "team-a", long generation = 1, long observed = 1,
        string readyStatus = ConditionStatuses.False, string readyReason = "Deploying", DateTime? since = null) => new()
        {
            Metadata = new V1ObjectMeta { Name = uid, NamespaceProperty = ns, Uid = uid, Generation = generation },
            Spec = new ManagedContainerSpec { Image = "nginx" },
            Status = new ManagedContainerStatus
            {
                Phase = phase,
                ObservedGeneration = observed,
                Conditions = [new V1Condition { Type = ConditionTypes.Ready, Status = readyStatus, Reason = readyReason, Message = "m", LastTransitionTime = since ?? At(0) }],
            },
        };

    private static DateTime At(int second) => new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(second);

    private static double Unix(int second) => new DateTimeOffset(At(second)).ToUnixTimeSeconds();

    private static string Oldest(string reason) => $"kubecontainers_oldest_not_ready_timestamp_seconds{{namespace=\"team-a\",reason=\"{reason}\"}}";

    private void Record(ObjectEventType type, V1Alpha1ManagedContainer mc, V1Alpha1ManagedContainer? old = null) =>
        metrics.Record(new ObjectEvent<V1Alpha1ManagedContainer>(type, mc, old)).ShouldBeFalse("the metrics watch wakes nothing");

    private Dictionary<string, double> Scrape()
    {
        using var stream = new MemoryStream();
        registry.CollectAndExportAsTextAsync(stream, TestContext.Current.CancellationToken).GetAwaiter().GetResult();
        return System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split('\n')
            .Where(l => l.StartsWith("kubecontainers_", StringComparison.Ordinal))
            .Select(l => l.Split(' '))
            .ToDictionary(p => p[0], p => double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
