using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Storage;

using KubeContainers.LocalCluster.Tests.Support;

namespace KubeContainers.LocalCluster.Tests.Controllers.Workloads;

[ClusterTest]
public sealed class JobControllerTests
{
    private static string Job(string name, string image, int backoffLimit = 6) => $$"""
        {
          "apiVersion": "batch/v1", "kind": "Job",
          "metadata": { "name": "{{name}}" },
          "spec": {
            "backoffLimit": {{backoffLimit}},
            "template": { "spec": { "restartPolicy": "Never", "containers": [ { "name": "work", "image": "{{image}}" } ] } }
          }
        }
        """;

    [Fact]
    public async Task A_job_whose_pod_exits_zero_completes()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Jobs, Job("pi", "perl:5.34"));

        var job = await Eventually.Until(() => cluster.Get(BuiltinResources.Jobs, "pi"), j => TestCluster.Condition(j, "Complete") == "True", "a complete job");

        var status = job!["status"]!;
        status["succeeded"]!.GetValue<int>().ShouldBe(1);
        status["active"].ShouldBeNull();
        status["startTime"].ShouldNotBeNull();
        status["completionTime"].ShouldNotBeNull();
        TestCluster.Condition(job, "SuccessCriteriaMet").ShouldBe("True");
        TestCluster.Condition(job, "Complete", "reason").ShouldBe("CompletionsReached");
        var pod = cluster.PodsWithLabel("batch.kubernetes.io/job-name", "pi").ShouldHaveSingleItem();
        pod["status"]!["phase"]!.ToString().ShouldBe("Succeeded");
        pod["status"]!["containerStatuses"]![0]!["state"]!["terminated"]!["reason"]!.ToString().ShouldBe("Completed");
        cluster.EventsFor("pi", "Completed").ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_job_whose_pods_exit_three_fails_after_its_backoff_limit()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.Jobs, Job("migrate", "example.com/migrate:exit-3", backoffLimit: 1));

        var job = await Eventually.Until(() => cluster.Get(BuiltinResources.Jobs, "migrate"), j => TestCluster.Condition(j, "Failed") == "True", "a failed job");

        job!["status"]!["failed"]!.GetValue<int>().ShouldBe(2);
        TestCluster.Condition(job, "Failed", "reason").ShouldBe("BackoffLimitExceeded");
        TestCluster.Condition(job, "Failed", "message").ShouldBe("Job has reached the specified backoff limit");
        TestCluster.Condition(job, "FailureTarget").ShouldBe("True");
        var pods = cluster.PodsWithLabel("batch.kubernetes.io/job-name", "migrate");
        pods.Count.ShouldBe(2);
        foreach (var pod in pods)
        {
            pod["status"]!["phase"]!.ToString().ShouldBe("Failed");
            var terminated = pod["status"]!["containerStatuses"]![0]!["state"]!["terminated"]!;
            terminated["exitCode"]!.GetValue<int>().ShouldBe(3);
            terminated["reason"]!.ToString().ShouldBe("Error");
        }

        cluster.EventsFor("migrate", "BackoffLimitExceeded").ShouldHaveSingleItem()["type"]!.ToString().ShouldBe("Warning");
    }
}
