using k8s.Models;
using KubeContainers.Operator.ManagedContainers.Status;
using static KubeContainers.Operator.Tests.ManagedContainers.Status.Shapes;
using static KubeContainers.Operator.Tests.ManagedContainers.Status.WorkloadShapes;

namespace KubeContainers.Operator.Tests.ManagedContainers.Status;

public sealed class DeploymentPodsTests
{
    private static readonly string OldTemplate = Template.Replace("web:1.1", "web:1.0", StringComparison.Ordinal);
    private static readonly string NextTemplate = Template.Replace("web:1.1", "web:1.2", StringComparison.Ordinal);
    private static readonly V1ReplicaSet Old = ReplicaSet("5d8f7c9b4", "rs-old", "1", OldTemplate);
    private static readonly V1ReplicaSet New = ReplicaSet("6c9d8f7b5", "rs-new", "2", Template);

    private static readonly V1Pod[] Pods =
    [
        Pod("web-5d8f7c9b4-aaaaa", "Running", BoundConditions(true), Running(true), ownerUid: "rs-old"),
        Pod("web-5d8f7c9b4-bbbbb", "Running", BoundConditions(true), Running(true), ownerUid: "rs-old"),
        Pod("web-6c9d8f7b5-ccccc", "Running", BoundConditions(false), Waiting("CrashLoopBackOff", restarts: 2, lastState: Terminated(1, "Error"), pulled: true), ownerUid: "rs-new"),
        Pod("api-7f8c9d6b5-ddddd", "Running", BoundConditions(true), Running(true), ownerUid: "rs-of-another-deployment"),
    ];

    private static string Observed(long generation) => $$"""{ "observedGeneration": {{generation}} }""";

    [Fact]
    public void Mid_rollout_only_the_new_replica_sets_pods_count()
    {
        var current = DeploymentPods.CurrentPods(Deployment(2, Observed(2)), [Old, New], Pods);

        current.Select(p => p.Metadata.Name).ShouldBe(["web-6c9d8f7b5-ccccc"]);
        PodDiagnosis.Diagnose(current, Now).Cause!.Reason.ShouldBe("CrashLooping");
        PodDiagnosis.Diagnose(Pods, Now).ReadyPods.ShouldBe(3, "all pods together would hide the new version's failure behind the old ready ones");
    }

    [Fact]
    public void The_template_decides_even_before_the_revision_annotation_moves()
    {
        var deployment = Deployment(2, Observed(1), generation: 2, revision: "1");

        DeploymentPods.CurrentReplicaSet(deployment, [Old, New]).ShouldBeSameAs(New);
    }

    [Fact]
    public void A_new_spec_whose_replica_set_does_not_exist_yet_has_no_current_pods()
    {
        var deployment = Deployment(2, Observed(2), generation: 3, revision: "2", template: NextTemplate);

        DeploymentPods.CurrentReplicaSet(deployment, [Old, New]).ShouldBeNull();
        DeploymentPods.CurrentPods(deployment, [Old, New], Pods).ShouldBeEmpty();
    }

    [Fact]
    public void Once_observed_the_revision_annotation_decides_when_templates_differ_in_form_only()
    {
        // The apiserver added a default the operator's copy of the template lacks: the templates differ, the revision does not.
        var defaulted = ReplicaSet("6c9d8f7b5", "rs-new", "2", Template.Replace("\"restartPolicy\": \"Always\",", "\"restartPolicy\": \"Always\", \"enableServiceLinks\": true,", StringComparison.Ordinal));

        DeploymentPods.CurrentReplicaSet(Deployment(2, Observed(2)), [Old, defaulted]).ShouldBeSameAs(defaulted);
    }

    [Fact]
    public void A_rollback_reuses_the_old_replica_set_found_by_its_template()
    {
        var rolledBack = ReplicaSet("5d8f7c9b4", "rs-old", "3", OldTemplate);

        DeploymentPods.CurrentReplicaSet(Deployment(2, Observed(3), generation: 3, revision: "3", template: OldTemplate), [rolledBack, New])
            .ShouldBeSameAs(rolledBack);
    }

    [Fact]
    public void Replica_sets_of_other_owners_never_count()
    {
        var foreign = ReplicaSet("6c9d8f7b5", "rs-foreign", "2", Template, owner: "another-deployment");

        DeploymentPods.CurrentReplicaSet(Deployment(2, Observed(2)), [foreign, Old]).ShouldBeNull();
    }

    [Fact]
    public void The_template_digest_is_the_sha256_of_its_json_with_keys_sorted_and_without_the_pod_template_hash()
    {
        var template = k8s.KubernetesJson.Deserialize<V1PodTemplateSpec>(Template);
        template.Metadata.Labels[DeploymentPods.PodTemplateHashLabel] = "5d8f7c9b4";

        // Written out independently: parse, drop the hash label, sort every object's keys, serialise, hash.
        var node = System.Text.Json.Nodes.JsonNode.Parse(k8s.KubernetesJson.Serialize(template))!;
        node["metadata"]!["labels"]!.AsObject().Remove(DeploymentPods.PodTemplateHashLabel);
        var expected = KubeContainers.Operator.ManagedContainers.TemplateHash.Sha256Hex(SortedCopy(node)!.ToJsonString());

        DeploymentPods.TemplateDigest(template).ShouldBe(expected);
    }

    private static System.Text.Json.Nodes.JsonNode? SortedCopy(System.Text.Json.Nodes.JsonNode? node) => node switch
    {
        System.Text.Json.Nodes.JsonObject o => new System.Text.Json.Nodes.JsonObject(
            o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, SortedCopy(p.Value)))),
        System.Text.Json.Nodes.JsonArray a => new System.Text.Json.Nodes.JsonArray([.. a.Select(SortedCopy)]),
        _ => node?.DeepClone(),
    };

    [Fact]
    public void Label_order_does_not_matter()
    {
        var twoLabels = Template.Replace("{ \"kubecontainers.io/container\": \"web\" }", "{ \"team\": \"a\", \"kubecontainers.io/container\": \"web\" }", StringComparison.Ordinal);
        var reordered = ReplicaSet("6c9d8f7b5", "rs-new", "9",
            Template.Replace("{ \"kubecontainers.io/container\": \"web\" }", "{ \"kubecontainers.io/container\": \"web\", \"team\": \"a\" }", StringComparison.Ordinal));

        DeploymentPods.CurrentReplicaSet(Deployment(2, Observed(1), revision: "1", template: twoLabels), [Old, reordered]).ShouldBeSameAs(reordered);
    }
}
