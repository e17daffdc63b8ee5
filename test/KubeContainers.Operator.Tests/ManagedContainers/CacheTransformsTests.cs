using k8s;
using k8s.Models;
using KubeContainers.Operator.ManagedContainers;
using KubeContainers.Operator.ManagedContainers.Status;
using static KubeContainers.Operator.Tests.ManagedContainers.Status.Shapes;
using static KubeContainers.Operator.Tests.ManagedContainers.Status.WorkloadShapes;

namespace KubeContainers.Operator.Tests.ManagedContainers;

/// <summary>
/// The cache keeps trimmed objects (<see cref="CacheTransforms"/>): what is trimmed away must be what nobody reads,
/// so the answers from trimmed objects are the answers from full ones. (Pods: PodDiagnosisTests runs every case
/// both ways.)
/// </summary>
public sealed class CacheTransformsTests
{
    private static readonly string OldTemplate = Template.Replace("web:1.1", "web:1.0", StringComparison.Ordinal);

    private static string Observed(long generation) => $$"""{ "observedGeneration": {{generation}} }""";

    public static TheoryData<string> RolloutNames => new(Rollouts.Keys);

    /// <summary>A Deployment and its ReplicaSets, from DeploymentPodsTests' situations.</summary>
    private static readonly Dictionary<string, Func<(V1Deployment Deployment, V1ReplicaSet[] ReplicaSets)>> Rollouts = new()
    {
        ["mid-rollout"] = () => (Deployment(2, Observed(2)),
            [ReplicaSet("5d8f7c9b4", "rs-old", "1", OldTemplate), ReplicaSet("6c9d8f7b5", "rs-new", "2", Template)]),
        ["rolled back to the old template"] = () => (Deployment(2, Observed(3), generation: 3, revision: "3", template: OldTemplate),
            [ReplicaSet("5d8f7c9b4", "rs-old", "3", OldTemplate), ReplicaSet("6c9d8f7b5", "rs-new", "2", Template)]),
        ["templates that differ by an apiserver default: the revision decides"] = () => (Deployment(2, Observed(2)),
            [ReplicaSet("5d8f7c9b4", "rs-old", "1", OldTemplate),
             ReplicaSet("6c9d8f7b5", "rs-new", "2", Template.Replace("\"dnsPolicy\"", "\"enableServiceLinks\": true, \"dnsPolicy\"", StringComparison.Ordinal))]),
        ["labels in another order"] = () => (
            Deployment(2, Observed(1), revision: "1", template: Template.Replace("{ \"kubecontainers.io/container\": \"web\" }", "{ \"team\": \"a\", \"kubecontainers.io/container\": \"web\" }", StringComparison.Ordinal)),
            [ReplicaSet("6c9d8f7b5", "rs-new", "9", Template.Replace("{ \"kubecontainers.io/container\": \"web\" }", "{ \"kubecontainers.io/container\": \"web\", \"team\": \"a\" }", StringComparison.Ordinal))]),
        ["not created yet"] = () => (Deployment(2, Observed(1)), [ReplicaSet("5d8f7c9b4", "rs-old", "1", OldTemplate)]),
    };

    [Theory]
    [MemberData(nameof(RolloutNames))]
    public void Trimmed_replica_sets_still_tell_the_current_one(string name)
    {
        var (deployment, replicaSets) = Rollouts[name]();
        var trimmed = replicaSets.Select(rs => CacheTransforms.ReplicaSet(Copy(rs))).ToList();

        trimmed.ShouldAllBe(rs => rs.Spec.Template == null);
        DeploymentPods.CurrentReplicaSet(deployment, trimmed)?.Metadata.Uid
            .ShouldBe(DeploymentPods.CurrentReplicaSet(deployment, replicaSets)?.Metadata.Uid);
    }

    [Fact]
    public void Trimmed_nodes_still_tell_which_handlers_run()
    {
        V1Node[][] clusters =
        [
            [Node("node-1", "runc", "runsc"), Node("node-2", "runc")],
            [Node("node-1", "runc"), Node("node-2", "runc")],
            [Node("node-1", "runc"), Node("node-2")],
            [Node("node-1")],
        ];

        foreach (var nodes in clusters)
        {
            var trimmed = nodes.Select(n => CacheTransforms.Node(Copy(n))).ToList();
            trimmed.ShouldAllBe(n => n.Status.NodeInfo == null && n.Metadata.Name != null);
            SandboxDiagnosis.FromNodes("runsc", trimmed).ShouldBe(SandboxDiagnosis.FromNodes("runsc", nodes));
        }
    }

    [Fact]
    public void Trimmed_pods_keep_what_messages_quote_and_lose_the_rest()
    {
        var pod = Pod("web-1", "Running", BoundConditions(true), Running(true),
            container: """ "name": "app", "env": [ { "name": "A", "value": "b" } ], "resources": { "limits": { "memory": "256Mi" } } """,
            extraMeta: """ "annotations": { "kubectl.kubernetes.io/restartedAt": "now" }, """);

        var trimmed = CacheTransforms.Pod(Copy(pod));

        trimmed.Metadata.Annotations.ShouldBeNull();
        trimmed.Metadata.OwnerReferences.ShouldHaveSingleItem();
        trimmed.Spec.NodeName.ShouldBe("node-1");
        trimmed.Spec.RestartPolicy.ShouldBeNull();
        var container = trimmed.Spec.Containers.ShouldHaveSingleItem();
        (container.Name, container.Image, container.Resources.Limits["memory"].ToString()).ShouldBe(("app", "ghcr.io/acme/web:1.0", "256Mi"));
        container.Env.ShouldBeNull();
        KubernetesJson.Serialize(trimmed.Status).ShouldBe(KubernetesJson.Serialize(pod.Status));
    }

    [Fact]
    public void Managed_containers_lose_only_kubectls_last_applied_copy()
    {
        var container = new KubeContainers.Api.V1Alpha1ManagedContainer
        {
            Metadata = new V1ObjectMeta
            {
                Name = "web",
                Annotations = new Dictionary<string, string> { [CacheTransforms.LastAppliedAnnotation] = "{...}", ["team"] = "a" },
            },
        };

        CacheTransforms.ManagedContainer(container).Metadata.Annotations.ShouldBe(new Dictionary<string, string> { ["team"] = "a" });
        container.Metadata.Annotations = new Dictionary<string, string> { [CacheTransforms.LastAppliedAnnotation] = "{...}" };
        CacheTransforms.ManagedContainer(container).Metadata.Annotations.ShouldBeNull();
    }

    private static T Copy<T>(T obj) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(obj));
}
