using k8s.Models;
using KubeContainers.LocalCluster;
using KubeContainers.Runtime.Client;
using static KubeContainers.Runtime.Tests.Integration.ClusterTestKit;

namespace KubeContainers.Runtime.Tests.Integration;

[ClusterTest]
public sealed class ClientIntegrationTests
{
    [Fact]
    public async Task Answers_429_slow_the_client_down_without_errors()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await LocalCluster.LocalCluster.StartAsync(new LocalClusterOptions { EnableControllers = false }, ct);
        var client = NewClient(cluster);
        cluster.Faults.RetryAfterSeconds = 1;
        cluster.Faults.TooManyRequestsRate = 0.3;
        var started = DateTime.UtcNow;

        for (var i = 0; i < 12; i++)
        {
            await client.CreateAsync(ConfigMap($"throttled-{i}"), ct);
            (await client.GetAsync<V1ConfigMap>($"throttled-{i}", "default", ct)).ShouldNotBeNull();
        }

        cluster.Faults.Injected429.ShouldBeGreaterThan(0);
        // Each injected 429 costs its Retry-After second.
        (DateTime.UtcNow - started).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9 * cluster.Faults.Injected429));
    }

    [Fact]
    public async Task Every_verb_of_the_seam_works_against_the_cluster()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await LocalCluster.LocalCluster.StartAsync(new LocalClusterOptions { EnableControllers = false }, ct);
        var client = NewClient(cluster);

        var created = await client.CreateAsync(ConfigMap("cm"), ct);
        created.Data["k"] = "updated";
        var updated = await client.UpdateAsync(created, ct);
        updated.Data["k"].ShouldBe("updated");

        var stale = created;
        stale.Data["k"] = "stale";
        (await Should.ThrowAsync<KubeApiException>(() => client.UpdateAsync(stale, ct))).IsConflict.ShouldBeTrue();

        await client.PatchAsync<V1ConfigMap>("cm", "default", KubePatch.Merge("""{"data":{"m":"merge"}}"""), ct);
        await client.PatchAsync<V1ConfigMap>("cm", "default", KubePatch.Json("""[{"op":"add","path":"/data/j","value":"json"}]"""), ct);
        await client.PatchAsync<V1ConfigMap>("cm", "default",
            KubePatch.Apply("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","namespace":"default"},"data":{"a":"apply"}}""", "runtime-tests"), ct);

        var read = await client.GetAsync<V1ConfigMap>("cm", "default", ct);
        read!.Data.ShouldContainKeyAndValue("m", "merge");
        read.Data.ShouldContainKeyAndValue("j", "json");
        read.Data.ShouldContainKeyAndValue("a", "apply");

        var list = await client.ListAsync<V1ConfigMap>(new ListOptions("default"), ct);
        list.Items.ShouldContain(c => c.Metadata.Name == "cm");
        list.ResourceVersion.ShouldNotBeNullOrEmpty();

        (await client.DeleteAsync<V1ConfigMap>("cm", "default", ct)).ShouldBeTrue();
        (await client.DeleteAsync<V1ConfigMap>("cm", "default", ct)).ShouldBeFalse();
        (await client.GetAsync<V1ConfigMap>("cm", "default", ct)).ShouldBeNull();
    }
}
