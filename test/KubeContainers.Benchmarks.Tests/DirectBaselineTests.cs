using System.Text.Json.Nodes;

namespace KubeContainers.Benchmarks.Tests;

/// <summary>The direct baselines' pieces without a run: what is kept of the operator's children, and when a Deployment
/// counts as rolled out.</summary>
public sealed class DirectBaselineTests
{
    [Fact]
    public void A_captured_child_keeps_what_the_operator_wrote_and_loses_what_the_server_and_controllers_added()
    {
        var stored = JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Service",
             "metadata":{"name":"app","namespace":"ns","uid":"u1","resourceVersion":"42","creationTimestamp":"2026-12-07T00:00:00Z",
                         "labels":{"app.kubernetes.io/managed-by":"kubecontainers"},"annotations":{"kubecontainers.io/hash":"abc"},
                         "ownerReferences":[{"kind":"ManagedContainer","name":"app","uid":"u0","controller":true}],
                         "managedFields":[{"manager":"kubecontainers"}]},
             "spec":{"selector":{"app":"app"},"ports":[{"port":80,"targetPort":8080}],"clusterIP":"10.96.0.10","clusterIPs":["10.96.0.10"],"type":"ClusterIP"},
             "status":{"loadBalancer":{}}}
            """)!.AsObject();

        var clean = ChildSet.Clean(stored);

        clean["metadata"]!.ToJsonString().ShouldBe(
            """{"name":"app","namespace":"ns","labels":{"app.kubernetes.io/managed-by":"kubecontainers"},"annotations":{"kubecontainers.io/hash":"abc"}}""");
        clean.ContainsKey("status").ShouldBeFalse();
        clean["spec"]!.AsObject().ContainsKey("clusterIP").ShouldBeFalse();
        clean["spec"]!.AsObject().ContainsKey("clusterIPs").ShouldBeFalse();
        clean["spec"]!["type"]!.GetValue<string>().ShouldBe("ClusterIP");
        clean["spec"]!["ports"]![0]!["targetPort"]!.GetValue<int>().ShouldBe(8080);
    }

    [Fact]
    public void The_deployment_controllers_revision_annotation_is_dropped_and_an_empty_annotation_map_with_it()
    {
        var stored = JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"app","namespace":"ns","annotations":{"deployment.kubernetes.io/revision":"2"}},"spec":{}}
            """)!.AsObject();

        ChildSet.Clean(stored)["metadata"]!.AsObject().ContainsKey("annotations").ShouldBeFalse();
    }

    [Theory]
    [InlineData(2, 2, 1, 1, 1, 1, "True", true)]
    [InlineData(2, 1, 1, 1, 1, 1, "True", false)] // the controller has not seen the new generation
    [InlineData(2, 2, 2, 1, 2, 2, "True", false)] // an old replica is still there
    [InlineData(2, 2, 1, 0, 1, 1, "True", false)] // the new replica is not the updated one yet
    [InlineData(2, 2, 1, 1, 0, 1, "True", false)] // not available
    [InlineData(2, 2, 1, 1, 1, 1, "False", false)]
    public void A_deployment_is_rolled_out_as_kubectl_rollout_status_says(
        long generation, long observed, int replicas, int updated, int available, int ready, string availableCondition, bool rolledOut)
    {
        var deployment = new JsonObject
        {
            ["metadata"] = new JsonObject { ["generation"] = generation },
            ["spec"] = new JsonObject { ["replicas"] = 1 },
            ["status"] = new JsonObject
            {
                ["observedGeneration"] = observed,
                ["replicas"] = replicas,
                ["updatedReplicas"] = updated,
                ["availableReplicas"] = available,
                ["readyReplicas"] = ready,
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Available", ["status"] = availableCondition }),
            },
        };

        WorkloadTracker.RolledOut(deployment).ShouldBe(rolledOut);
    }
}
