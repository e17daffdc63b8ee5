using System.Net;
using KubeContainers.Runtime.Client;
using KubeContainers.Runtime.Controller;
using KubeContainers.Runtime.Hosting;
using KubeContainers.Runtime.LeaderElection;
using KubeContainers.Runtime.Queue;
using KubeContainers.Runtime.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Prometheus;

namespace KubeContainers.Runtime.Tests.Hosting;

/// <summary>The series move as controller-runtime's and client-go's do. The series are process-wide: every test
/// names its own queue, controller, host or lease, so tests running at once never share one.</summary>
public sealed class RuntimeMetricsTests
{
    private static readonly ObjectKey Key = new("ns", "a");
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly string name = $"test-{Guid.NewGuid():N}"[..16];

    [Fact]
    public async Task The_queue_counts_adds_depth_queue_and_work_durations_as_client_go_does()
    {
        using var queue = new WorkQueue<ObjectKey>(name, time);
        queue.Add(Key);
        queue.Add(Key); // already dirty: one add, as client-go counts it
        queue.Add(new ObjectKey("ns", "b"));
        Value(RuntimeMetrics.QueueAdds).ShouldBe(2);
        RuntimeMetrics.QueueDepth.WithLabels(name, name).Value.ShouldBe(2);

        time.Advance(TimeSpan.FromSeconds(3));
        var key = await queue.GetAsync(TestContext.Current.CancellationToken);
        RuntimeMetrics.QueueDepth.WithLabels(name, name).Value.ShouldBe(1);
        var waited = RuntimeMetrics.QueueDuration.WithLabels(name, name);
        waited.Count.ShouldBe(1);
        waited.Sum.ShouldBe(3, 1e-6);

        queue.Add(key); // added again while processed: dirty, so it counts in the depth until a worker takes it
        RuntimeMetrics.QueueDepth.WithLabels(name, name).Value.ShouldBe(2);
        time.Advance(TimeSpan.FromSeconds(5));
        queue.Done(key);
        var worked = RuntimeMetrics.WorkDuration.WithLabels(name, name);
        worked.Count.ShouldBe(1);
        worked.Sum.ShouldBe(5, 1e-6);
    }

    [Fact]
    public async Task Work_in_progress_shows_at_the_scrape_as_unfinished_and_longest_running_seconds()
    {
        using var queue = new WorkQueue<ObjectKey>(name, time);
        queue.Add(Key);
        queue.Add(new ObjectKey("ns", "b"));
        var first = await queue.GetAsync(TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromSeconds(10));
        var second = await queue.GetAsync(TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromSeconds(4));

        await ScrapeAsync();
        RuntimeMetrics.UnfinishedWork.WithLabels(name, name).Value.ShouldBe(14 + 4, 1e-6);
        RuntimeMetrics.LongestRunningProcessor.WithLabels(name, name).Value.ShouldBe(14, 1e-6);

        queue.Done(first);
        queue.Done(second);
        await ScrapeAsync();
        RuntimeMetrics.UnfinishedWork.WithLabels(name, name).Value.ShouldBe(0);
        RuntimeMetrics.LongestRunningProcessor.WithLabels(name, name).Value.ShouldBe(0);
    }

    [Fact]
    public void Every_delayed_add_is_a_retry_but_a_coalesced_first_look_is_not()
    {
        using var queue = new WorkQueue<ObjectKey>(name, time);
        queue.AddCoalesced(Key, TimeSpan.FromSeconds(1));
        Value(RuntimeMetrics.QueueRetries).ShouldBe(0);

        queue.AddRateLimited(Key);
        queue.AddAfter(Key, TimeSpan.FromMinutes(1));
        Value(RuntimeMetrics.QueueRetries).ShouldBe(2);
    }

    [Fact]
    public async Task Reconciles_are_counted_by_controller_runtimes_results_with_errors_apart()
    {
        using var queue = new WorkQueue<ObjectKey>(name, time);
        var controller = Controller(queue, workers: 3, key => key.Name switch
        {
            "later" => Task.FromResult(ReconcileResult.RequeueAfter(TimeSpan.FromMinutes(1))),
            "now" => Task.FromResult(ReconcileResult.RequeueAfter(TimeSpan.Zero)),
            "broken" => throw new HttpRequestException("boom"),
            "invalid" => throw new TerminalReconcileException("invalid spec"),
            _ => Task.FromResult(ReconcileResult.Done),
        });
        controller.InitMetrics();
        foreach (var result in (string[])["success", "error", "requeue", "requeue_after"])
        {
            RuntimeMetrics.ReconcileTotal.WithLabels(name, result).Value.ShouldBe(0, $"{result} is exported before the first reconcile");
        }

        RuntimeMetrics.MaxConcurrentReconciles.WithLabels(name).Value.ShouldBe(3);

        foreach (var key in (string[])["done", "later", "now", "broken", "invalid"])
        {
            await controller.ProcessAsync(new ObjectKey("ns", key), TestContext.Current.CancellationToken);
        }

        RuntimeMetrics.ReconcileTotal.WithLabels(name, "success").Value.ShouldBe(1);
        RuntimeMetrics.ReconcileTotal.WithLabels(name, "requeue_after").Value.ShouldBe(1);
        RuntimeMetrics.ReconcileTotal.WithLabels(name, "requeue").Value.ShouldBe(1);
        RuntimeMetrics.ReconcileTotal.WithLabels(name, "error").Value.ShouldBe(2, "a terminal error is an error too");
        RuntimeMetrics.ReconcileErrors.WithLabels(name).Value.ShouldBe(2);
        RuntimeMetrics.TerminalReconcileErrors.WithLabels(name).Value.ShouldBe(1);
        RuntimeMetrics.ReconcileTime.WithLabels(name).Count.ShouldBe(5);
    }

    [Fact]
    public async Task Active_workers_count_the_reconciles_in_progress()
    {
        using var queue = new WorkQueue<ObjectKey>(name, TimeProvider.System);
        var release = new TaskCompletionSource();
        var controller = Controller(queue, workers: 2, async _ =>
        {
            await release.Task;
            return ReconcileResult.Done;
        });
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var workers = controller.RunWorkersAsync(cts.Token);
        RuntimeMetrics.ActiveWorkers.WithLabels(name).Value.ShouldBe(0);

        queue.Add(Key);
        await Eventually(() => RuntimeMetrics.ActiveWorkers.WithLabels(name).Value == 1, "one worker busy");
        release.SetResult();
        await Eventually(() => RuntimeMetrics.ActiveWorkers.WithLabels(name).Value == 0, "the worker free again");

        await cts.CancelAsync();
        await workers;
    }

    [Fact]
    public async Task Requests_are_counted_by_code_method_and_host_and_a_failed_one_as_error()
    {
        var host = $"{name}.example:6443";
        var failNext = false;
        using var client = new HttpClient(new RateLimitingHandler(new TokenBucket(100, 100, time), time)
        {
            InnerHandler = new Answering(() => failNext ? throw new HttpRequestException("refused") : HttpStatusCode.NotFound),
        });

        (await client.GetAsync(new Uri($"https://{host}/api/v1/namespaces/a/configmaps/x"), TestContext.Current.CancellationToken)).Dispose();
        (await client.GetAsync(new Uri($"https://{host}/api/v1/configmaps?watch=true"), TestContext.Current.CancellationToken)).Dispose();
        failNext = true;
        await Should.ThrowAsync<HttpRequestException>(() => client.DeleteAsync(new Uri($"https://{host}/api/v1/namespaces/a/configmaps/x"), TestContext.Current.CancellationToken));

        RuntimeMetrics.RestClientRequests.WithLabels("404", "GET", host).Value.ShouldBe(2, "a watch is a GET, as client-go labels it");
        RuntimeMetrics.RestClientRequests.WithLabels("<error>", "DELETE", host).Value.ShouldBe(1);
    }

    [Fact]
    public async Task The_leader_reports_1_for_its_lease_and_0_once_it_let_go()
    {
        var options = new LeaderElectionOptions { LeaseName = name };
        var client = new FakeKubeClient();
        var leader = new LeaseElector(client, options, "default", "a", time, NullLogger.Instance);
        var follower = new LeaseElector(client, options, "default", "b", time, NullLogger.Instance);
        leader.ReportFollower();
        RuntimeMetrics.LeaderElectionMasterStatus.WithLabels(name).Value.ShouldBe(0);

        (await leader.AcquireAsync(TestContext.Current.CancellationToken)).ShouldBeTrue();
        RuntimeMetrics.LeaderElectionMasterStatus.WithLabels(name).Value.ShouldBe(1);
        (await follower.TryAcquireOrRenewAsync(TestContext.Current.CancellationToken)).ShouldBeFalse();

        await leader.ReleaseAsync();
        RuntimeMetrics.LeaderElectionMasterStatus.WithLabels(name).Value.ShouldBe(0);
    }

    private double Value(Counter counter) => counter.WithLabels(name, name).Value;

    private RuntimeController Controller(WorkQueue<ObjectKey> queue, int workers, Func<ObjectKey, Task<ReconcileResult>> reconcile) =>
        new(name, workers, queue, (key, _) => reconcile(key), time, NullLogger.Instance);

    private static Task ScrapeAsync() => Metrics.DefaultRegistry.CollectAndExportAsTextAsync(Stream.Null, TestContext.Current.CancellationToken);

    private static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, what);
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }

    private sealed class Answering(Func<HttpStatusCode> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(answer()));
    }
}
