using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Storage;

using KubeContainers.LocalCluster.Tests.Support;

namespace KubeContainers.LocalCluster.Tests.Controllers.Workloads;

[ClusterTest]
public sealed class DeploymentControllerTests
{
    [Fact]
    public async Task A_deployment_gets_a_replica_set_and_ready_pods_and_reports_them()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Deployments, TestCluster.Deployment("web", "nginx:1.27", replicas: 3));

        var deployment = await Eventually.Until(() => cluster.Get(BuiltinResources.Deployments, "web"),
            d => d?["status"]?["availableReplicas"]?.GetValue<int>() == 3 && TestCluster.Condition(d, "Progressing", "reason") == "NewReplicaSetAvailable",
            "the deployment to become available");

        var status = deployment!["status"]!;
        status["observedGeneration"]!.GetValue<long>().ShouldBe(1);
        status["replicas"]!.GetValue<int>().ShouldBe(3);
        status["updatedReplicas"]!.GetValue<int>().ShouldBe(3);
        status["readyReplicas"]!.GetValue<int>().ShouldBe(3);
        status["unavailableReplicas"].ShouldBeNull();
        TestCluster.Condition(deployment, "Available").ShouldBe("True");
        TestCluster.Condition(deployment, "Available", "reason").ShouldBe("MinimumReplicasAvailable");
        deployment.Metadata()["annotations"]!["deployment.kubernetes.io/revision"]!.ToString().ShouldBe("1");

        var rs = cluster.List(BuiltinResources.ReplicaSets).ShouldHaveSingleItem();
        var hash = rs.Labels()["pod-template-hash"];
        rs.Name().ShouldBe($"web-{hash}");
        rs.Metadata()["ownerReferences"]![0]!["controller"]!.GetValue<bool>().ShouldBeTrue();
        rs.Metadata()["annotations"]!["deployment.kubernetes.io/revision"]!.ToString().ShouldBe("1");
        var pods = cluster.PodsWithLabel("app", "web");
        pods.Count.ShouldBe(3);
        pods.ShouldAllBe(p => p.Name().StartsWith($"web-{hash}-") && p.Name().Length == $"web-{hash}-".Length + 5);
        cluster.EventsFor("web", "ScalingReplicaSet").ShouldHaveSingleItem()["message"]!.ToString()
            .ShouldBe($"Scaled up replica set web-{hash} from 0 to 3");
    }

    [Fact]
    public async Task A_template_change_rolls_to_a_new_replica_set_and_the_old_pods_go()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Deployments, TestCluster.Deployment("web", "nginx:1.26", replicas: 4));
        await Eventually.Until(() => cluster.Get(BuiltinResources.Deployments, "web"),
            d => d?["status"]?["availableReplicas"]?.GetValue<int>() == 4, "the first rollout");

        var deployment = cluster.Get(BuiltinResources.Deployments, "web")!;
        deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "nginx:1.27";
        cluster.Update(BuiltinResources.Deployments, deployment);

        var done = await Eventually.Until(() => cluster.Get(BuiltinResources.Deployments, "web"),
            d => d?["status"]?["observedGeneration"]?.GetValue<long>() == 2 && d["status"]?["updatedReplicas"]?.GetValue<int>() == 4 &&
                d["status"]?["replicas"]?.GetValue<int>() == 4 && d["status"]?["availableReplicas"]?.GetValue<int>() == 4,
            "the second rollout");
        done!.Metadata()["annotations"]!["deployment.kubernetes.io/revision"]!.ToString().ShouldBe("2");
        var sets = cluster.List(BuiltinResources.ReplicaSets);
        sets.Count.ShouldBe(2);
        var newRs = sets.Single(rs => rs["spec"]!["replicas"]!.GetValue<int>() == 4);
        sets.Single(rs => rs != newRs)["spec"]!["replicas"]!.GetValue<int>().ShouldBe(0);
        newRs.Metadata()["annotations"]!["deployment.kubernetes.io/revision"]!.ToString().ShouldBe("2");
        await Eventually.Until(() => cluster.PodsWithLabel("app", "web"),
            pods => pods.Count == 4 && pods.All(p => p["spec"]!["containers"]![0]!["image"]!.ToString() == "nginx:1.27"),
            "only new pods");

        // Rolling back re-uses the first ReplicaSet under a new revision, as kubectl rollout undo sees it.
        deployment = cluster.Get(BuiltinResources.Deployments, "web")!;
        deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "nginx:1.26";
        cluster.Update(BuiltinResources.Deployments, deployment);
        await Eventually.Until(() => cluster.Get(BuiltinResources.Deployments, "web"),
            d => d is not null && d.Metadata()["annotations"]?["deployment.kubernetes.io/revision"]?.ToString() == "3" && d["status"]?["updatedReplicas"]?.GetValue<int>() == 4 &&
                d["status"]?["replicas"]?.GetValue<int>() == 4,
            "the rollback");
        cluster.List(BuiltinResources.ReplicaSets).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Scaling_to_zero_removes_every_pod()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Deployments, TestCluster.Deployment("web", "nginx", replicas: 2));
        await Eventually.Until(() => cluster.PodsWithLabel("app", "web").Count == 2, "two pods");

        var deployment = cluster.Get(BuiltinResources.Deployments, "web")!;
        deployment["spec"]!["replicas"] = 0;
        cluster.Update(BuiltinResources.Deployments, deployment);

        await Eventually.Until(() => cluster.PodsWithLabel("app", "web").Count == 0, "no pods");
        var scaled = await Eventually.Until(() => cluster.Get(BuiltinResources.Deployments, "web"),
            d => d?["status"]?["observedGeneration"]?.GetValue<long>() == 2 && d["status"]?["replicas"] is null, "status at zero");
        TestCluster.Condition(scaled, "Available").ShouldBe("True");
    }

    [Fact]
    public async Task A_missing_runtime_class_shows_as_failed_create_and_replica_failure()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Deployments, TestCluster.Deployment("sandboxed", "nginx", replicas: 1, podSpec: "\"runtimeClassName\": \"kata-qemu\","));

        var deployment = await Eventually.Until(() => cluster.Get(BuiltinResources.Deployments, "sandboxed"),
            d => TestCluster.Condition(d, "ReplicaFailure") == "True", "ReplicaFailure on the deployment");
        TestCluster.Condition(deployment, "ReplicaFailure", "reason").ShouldBe("FailedCreate");
        TestCluster.Condition(deployment, "ReplicaFailure", "message")!.ShouldEndWith("is forbidden: pod rejected: RuntimeClass \"kata-qemu\" not found");
        TestCluster.Condition(deployment, "Available").ShouldBe("False");
        var rs = cluster.List(BuiltinResources.ReplicaSets).ShouldHaveSingleItem();
        TestCluster.Condition(rs, "ReplicaFailure").ShouldBe("True");
        var failed = cluster.EventsFor(rs.Name(), "FailedCreate").ShouldHaveSingleItem();
        failed["type"]!.ToString().ShouldBe("Warning");
        failed["message"]!.ToString().ShouldBe($"Error creating: pods \"{rs.Name()}-\" is forbidden: pod rejected: RuntimeClass \"kata-qemu\" not found");
        failed["source"]!["component"]!.ToString().ShouldBe("replicaset-controller");
        cluster.PodsWithLabel("app", "sandboxed").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_rollout_that_never_becomes_available_exceeds_its_progress_deadline()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Deployments, TestCluster.Deployment("broken", "example.com/app:crashloop", replicas: 1, extraSpec: "\"progressDeadlineSeconds\": 1,"));

        var deployment = await Eventually.Until(() => cluster.Get(BuiltinResources.Deployments, "broken"),
            d => TestCluster.Condition(d, "Progressing") == "False", "ProgressDeadlineExceeded", TimeSpan.FromSeconds(8));
        TestCluster.Condition(deployment, "Progressing", "reason").ShouldBe("ProgressDeadlineExceeded");
        var rs = cluster.List(BuiltinResources.ReplicaSets).ShouldHaveSingleItem();
        TestCluster.Condition(deployment, "Progressing", "message").ShouldBe($"ReplicaSet \"{rs.Name()}\" has timed out progressing.");
        TestCluster.Condition(deployment, "Available", "reason").ShouldBe("MinimumReplicasUnavailable");
        deployment!["status"]!["unavailableReplicas"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task Old_replica_sets_beyond_the_history_limit_are_deleted()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Deployments, TestCluster.Deployment("web", "nginx:1", replicas: 1, extraSpec: "\"revisionHistoryLimit\": 1,"));
        foreach (var tag in new[] { "2", "3" })
        {
            await Eventually.Until(() => cluster.Get(BuiltinResources.Deployments, "web"),
                d => d is not null && d["status"]?["observedGeneration"]?.GetValue<long>() == d.Generation() &&
                    TestCluster.Condition(d, "Progressing", "reason") == "NewReplicaSetAvailable" && d["status"]?["replicas"]?.GetValue<int>() == 1,
                "a finished rollout");
            var deployment = cluster.Get(BuiltinResources.Deployments, "web")!;
            deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = $"nginx:{tag}";
            cluster.Update(BuiltinResources.Deployments, deployment);
        }

        await Eventually.Until(() => cluster.List(BuiltinResources.ReplicaSets),
            sets => sets.Count == 2 && sets.Any(rs => rs["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.ToString() == "nginx:3"),
            "the newest and one old ReplicaSet");
        cluster.List(BuiltinResources.ReplicaSets).ShouldNotContain(rs => rs["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.ToString() == "nginx:1");
    }
}
