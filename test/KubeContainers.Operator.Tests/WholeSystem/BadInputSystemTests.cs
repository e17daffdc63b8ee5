using k8s;
using KubeContainers.Api;
using KubeContainers.Operator.Tests.Support;

namespace KubeContainers.Operator.Tests.WholeSystem;

/// <summary>Bad specs beside a good one on the real operator: each is refused with its field (at admission or in
/// status), the operator stays up, and the good one keeps running.</summary>
[ClusterTest]
public sealed class BadInputSystemTests(OperatorCluster cluster) : IClassFixture<OperatorCluster>
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(60);
    private readonly IKubernetes client = cluster.Client();

    /// <summary>Name, spec body, and the field the refusal must name.</summary>
    private static readonly (string Name, string Spec, string Field)[] Bad =
    [
        ("env-key", "  env:\n    1BAD: x\n", "spec.env"),
        ("reserved-label", "  labels:\n    kubecontainers.io/container: other\n", "spec.labels"),
        ("cpu-over-limit", "  resources:\n    cpu: \"64\"\n", "spec.resources.cpu"),
        ("too-many-replicas", "  replicas: 50\n", "spec.replicas"),
        ("gpu-over-limit", "  resources:\n    gpu: 5\n", "spec.resources.gpu"),
        ("foreign-host", "  port: 8080\n  networking:\n    host: shop.evil.example.org\n", "spec.networking.host"),
        ("huge-volume", "  volumes:\n  - name: data\n    mountPath: /data\n    size: 500Gi\n", "spec.volumes"),
        ("endless-lifetime", "  lifetime:\n    timeoutSeconds: 999999999\n", "spec.lifetime"),
        ("bad-port", "  port: 70000\n", "spec.port"),
        ("proc-mount", "  volumes:\n  - name: data\n    mountPath: /proc\n    size: 1Gi\n", "spec.volumes"),
    ];

    [Fact]
    public async Task Every_bad_spec_is_refused_with_its_field_and_a_good_one_beside_them_keeps_running()
    {
        var ns = await cluster.NamespaceAsync("bad");
        (await cluster.Kubectl.RunAsync($"apply -n {ns} -f -", KubeContainers.WholeSystem.ManagedContainers.Manifest("good", "  image: example.com/app:1\n  port: 8080\n"))).ShouldSucceed();

        var inStatus = new List<(string Name, string Field)>();
        foreach (var (name, spec, field) in Bad)
        {
            var applied = await cluster.Kubectl.RunAsync($"apply -n {ns} -f -", KubeContainers.WholeSystem.ManagedContainers.Manifest(name, "  image: example.com/app:1\n" + spec));
            if (applied.ExitCode == 0)
            {
                inStatus.Add((name, field));
            }
            else
            {
                applied.Stderr.ShouldContain(field, Case.Sensitive, $"{name}: refused at admission, naming the field");
            }
        }

        foreach (var (name, field) in inStatus)
        {
            var mc = await Eventually.Returns(() => client.GetAsync(ns, name),
                // The built-in plan's limits (the --max-* flags) say PlanExceeded; the operator's other rules InvalidSpec.
                m => m?.Status.GetCondition(ConditionTypes.Ready) is { Reason: ConditionReasons.InvalidSpec or ConditionReasons.PlanExceeded },
                $"{name} InvalidSpec or PlanExceeded", Converge);
            mc!.Status.GetCondition(ConditionTypes.Ready)!.Message.ShouldContain(field, Case.Sensitive, name);
            mc.Status.ObservedGeneration.ShouldBe(mc.Metadata.Generation);
        }

        // The good one is waited for first: on a busy machine its rollout can finish after the refusals were seen.
        await Eventually.Returns(() => client.GetAsync(ns, "good"), m => m?.Status.IsReady() == true, "the good one Ready", Converge);
        (await client.AppsV1.ListNamespacedDeploymentAsync(ns, cancellationToken: TestContext.Current.CancellationToken))
            .Items.Select(d => d.Metadata.Name).ShouldBe(["good"], "no child for any refused spec");
        cluster.Operator.HasExited.ShouldBeFalse(cluster.Operator.Output);
        inStatus.Count.ShouldBeGreaterThan(5, "most of these are rules only the operator can check");
    }
}
