using System.Collections.Concurrent;
using k8s.Models;
using KubeContainers.LocalCluster;
using KubeContainers.Runtime.Cache;
using KubeContainers.Runtime.Client;
using KubeContainers.Runtime.Controller;
using KubeContainers.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using static KubeContainers.Runtime.Tests.Integration.ClusterTestKit;

namespace KubeContainers.Runtime.Tests.Integration;

[ClusterTest]
public sealed class HostingIntegrationTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Only_the_leader_reconciles_serves_health_and_metrics_and_the_follower_takes_over_when_it_stops()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await LocalCluster.LocalCluster.StartAsync(new LocalClusterOptions { EnableControllers = false }, ct);
        var seen = new ConcurrentQueue<(string Identity, ObjectKey Key)>();
        using var first = Host(cluster, "first", seen);
        using var second = Host(cluster, "second", seen);
        await first.StartAsync(ct);
        await second.StartAsync(ct);
        await NewClient(cluster).CreateAsync(ConfigMap("one"), ct);

        await Eventually.Until(() => seen.Any(s => s.Key.Name == "one"), "the leader reconciles the new object", Within);
        var leader = seen.First(s => s.Key.Name == "one").Identity;
        seen.ShouldAllBe(s => s.Identity == leader);

        using var http = new HttpClient();
        var health = first.Services.GetRequiredService<HealthServer>().Addresses[0];
        (await http.GetStringAsync(new Uri(health, "/readyz"), ct)).ShouldBe("ok");
        (await http.GetStringAsync(new Uri(health, "/healthz"), ct)).ShouldBe("ok");
        (await http.GetStringAsync(new Uri(health, "/metrics"), ct)).ShouldContain("controller_runtime_reconcile_total");

        var (stopping, remaining, other) = leader == "first" ? (first, second, "second") : (second, first, "first");
        await stopping.StopAsync(ct);
        await NewClient(cluster).CreateAsync(ConfigMap("two"), ct);
        await Eventually.Until(() => seen.Any(s => s.Key.Name == "two"), "the follower takes over", Within);
        seen.Where(s => s.Key.Name == "two").ShouldAllBe(s => s.Identity == other);
        await remaining.StopAsync(ct);
    }

    private static IHost Host(LocalCluster.LocalCluster cluster, string identity, ConcurrentQueue<(string, ObjectKey)> seen)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(new Recorder(identity, seen));
        builder.Services.AddControllerRuntime(o =>
            {
                o.ClientConfiguration = cluster.ClientConfiguration();
                o.Namespaces.Add("default");
                o.HealthPort = 0;
                o.MetricsPort = 0;
                o.LeaderElection.Identity = identity;
                o.LeaderElection.LeaseName = "hosting-test";
                o.LeaderElection.LeaseDuration = TimeSpan.FromSeconds(4);
                o.LeaderElection.RenewDeadline = TimeSpan.FromSeconds(3);
                o.LeaderElection.RetryPeriod = TimeSpan.FromMilliseconds(300);
            })
            .AddController<RecordingReconciler>(c => c.For(Predicates.GenerationChanged<V1ConfigMap>()));
        return builder.Build();
    }

    internal sealed record Recorder(string Identity, ConcurrentQueue<(string, ObjectKey)> Seen);

    internal sealed class RecordingReconciler(Recorder recorder, ICacheReader<V1ConfigMap> cache) : IReconciler
    {
        public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
        {
            if (cache.Get(key) is not null)
            {
                recorder.Seen.Enqueue((recorder.Identity, key));
            }

            return Task.FromResult(ReconcileResult.Done);
        }
    }
}
