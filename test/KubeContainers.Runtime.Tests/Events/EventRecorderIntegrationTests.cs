using System.Diagnostics;
using System.Text.Json.Nodes;
using k8s.Models;
using KubeContainers.LocalCluster;
using KubeContainers.Runtime.Client;
using KubeContainers.Runtime.Events;
using Microsoft.Extensions.Logging.Abstractions;
using static KubeContainers.Runtime.Tests.Integration.ClusterTestKit;

namespace KubeContainers.Runtime.Tests.Events;

[ClusterTest]
public sealed class EventRecorderIntegrationTests
{
    [Fact]
    public async Task Two_identical_records_show_as_one_Event_with_count_2_in_the_API_and_kubectl()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await LocalCluster.LocalCluster.StartAsync(new LocalClusterOptions { EnableControllers = false }, ct);
        var client = NewClient(cluster);
        var regarding = await client.CreateAsync(ConfigMap("recorded"), ct);
        var recorder = new EventRecorder(
            client,
            new EventRecorderOptions { ReportingComponent = "kubecontainers-operator", ReportingInstance = "operator-0" },
            TimeProvider.System,
            NullLogger<EventRecorder>.Instance);

        await recorder.RecordAsync(regarding, EventTypes.Warning, "InvalidSpec", "spec.replicas: 50 exceeds the limit 10", ct);
        await recorder.RecordAsync(regarding, EventTypes.Warning, "InvalidSpec", "spec.replicas: 50 exceeds the limit 10", ct);

        var listed = (await client.ListAsync<Corev1Event>(new ListOptions("default"), ct)).Items
            .Where(e => e.InvolvedObject.Uid == regarding.Metadata.Uid).ToList();
        var ev = listed.ShouldHaveSingleItem();
        ev.Count.ShouldBe(2);
        ev.Source.Component.ShouldBe("kubecontainers-operator");
        ev.InvolvedObject.Kind.ShouldBe("ConfigMap");

        var json = JsonNode.Parse(await Kubectl(cluster.KubeconfigPath, ct,
            "get", "events", "-n", "default", "--field-selector", "involvedObject.name=recorded", "-o", "json"))!;
        var item = json["items"]!.AsArray().ShouldHaveSingleItem()!;
        item["count"]!.GetValue<int>().ShouldBe(2);
        item["reason"]!.GetValue<string>().ShouldBe("InvalidSpec");
        item["type"]!.GetValue<string>().ShouldBe("Warning");
        item["involvedObject"]!["name"]!.GetValue<string>().ShouldBe("recorded");
        item["source"]!["component"]!.GetValue<string>().ShouldBe("kubecontainers-operator");

        var table = await Kubectl(cluster.KubeconfigPath, ct, "get", "events", "-n", "default");
        table.ShouldContain("configmap/recorded");
        table.ShouldContain("spec.replicas: 50 exceeds the limit 10");
    }

    private static async Task<string> Kubectl(string kubeconfig, CancellationToken ct, params string[] arguments)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("KUBECTL") ?? "kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--kubeconfig");
        info.ArgumentList.Add(kubeconfig);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("kubectl did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);
        process.ExitCode.ShouldBe(0, $"kubectl {string.Join(' ', arguments)} failed:\n{await stderr}");
        return await stdout;
    }
}
