using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Tests.Controllers;

[ClusterTest]
public sealed class AdmissionTests
{
    [Fact]
    public async Task Deployments_get_the_apiservers_defaults()
    {
        await using var cluster = await TestCluster.StartAsync();
        var deployment = cluster.Create(BuiltinResources.Deployments, """
            { "apiVersion": "apps/v1", "kind": "Deployment", "metadata": { "name": "web" },
              "spec": { "selector": { "matchLabels": { "app": "web" } },
                "template": { "metadata": { "labels": { "app": "web" } },
                  "spec": { "containers": [ { "name": "app", "image": "nginx:1.27", "ports": [ { "containerPort": 80 } ],
                    "readinessProbe": { "httpGet": { "port": 80 } } } ] } } } }
            """);

        var spec = deployment["spec"]!;
        spec["replicas"]!.GetValue<int>().ShouldBe(1);
        spec["revisionHistoryLimit"]!.GetValue<int>().ShouldBe(10);
        spec["progressDeadlineSeconds"]!.GetValue<int>().ShouldBe(600);
        spec["strategy"]!.ToJsonString().ShouldBe("""{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}}""");
        var pod = spec["template"]!["spec"]!;
        pod["restartPolicy"]!.ToString().ShouldBe("Always");
        pod["terminationGracePeriodSeconds"]!.GetValue<int>().ShouldBe(30);
        pod["dnsPolicy"]!.ToString().ShouldBe("ClusterFirst");
        pod["schedulerName"]!.ToString().ShouldBe("default-scheduler");
        pod["securityContext"]!.ToJsonString().ShouldBe("{}");
        var container = pod["containers"]![0]!;
        container["imagePullPolicy"]!.ToString().ShouldBe("IfNotPresent");
        container["terminationMessagePath"]!.ToString().ShouldBe("/dev/termination-log");
        container["terminationMessagePolicy"]!.ToString().ShouldBe("File");
        container["ports"]![0]!["protocol"]!.ToString().ShouldBe("TCP");
        container["readinessProbe"]!.ToJsonString().ShouldBe(
            """{"httpGet":{"port":80,"path":"/","scheme":"HTTP"},"timeoutSeconds":1,"periodSeconds":10,"successThreshold":1,"failureThreshold":3}""");
    }

    [Fact]
    public async Task A_selector_that_does_not_match_the_template_is_invalid()
    {
        await using var cluster = await TestCluster.StartAsync();

        var error = Should.Throw<ApiException>(() => cluster.Create(BuiltinResources.Deployments, """
            { "apiVersion": "apps/v1", "kind": "Deployment", "metadata": { "name": "web" },
              "spec": { "selector": { "matchLabels": { "app": "web" } },
                "template": { "metadata": { "labels": { "app": "other" } }, "spec": { "containers": [ { "name": "app", "image": "nginx" } ] } } } }
            """));

        error.Code.ShouldBe(422);
        error.Message.ShouldBe("Deployment.apps \"web\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\"}: `selector` does not match template `labels`");
    }

    [Fact]
    public async Task Jobs_get_a_generated_selector_and_an_immutable_template()
    {
        await using var cluster = await TestCluster.StartAsync();
        var job = cluster.Create(BuiltinResources.Jobs, """
            { "apiVersion": "batch/v1", "kind": "Job", "metadata": { "name": "once" },
              "spec": { "suspend": true, "template": { "spec": { "restartPolicy": "Never", "containers": [ { "name": "work", "image": "busybox" } ] } } } }
            """);

        var spec = job["spec"]!;
        spec["backoffLimit"]!.GetValue<int>().ShouldBe(6);
        spec["completions"]!.GetValue<int>().ShouldBe(1);
        spec["parallelism"]!.GetValue<int>().ShouldBe(1);
        spec["completionMode"]!.ToString().ShouldBe("NonIndexed");
        spec["selector"]!["matchLabels"]!["batch.kubernetes.io/controller-uid"]!.ToString().ShouldBe(job.Uid());
        spec["template"]!["metadata"]!["labels"]!["batch.kubernetes.io/job-name"]!.ToString().ShouldBe("once");
        job.Labels()["batch.kubernetes.io/job-name"].ShouldBe("once");

        // Re-read: the job controller may have written status since the create, even between this read and the
        // write (a stale write answers 409), so read again until the answer is about the template.
        ApiException error;
        var attempts = 0;
        do
        {
            var current = cluster.Get(BuiltinResources.Jobs, "once")!;
            current["spec"]!["suspend"] = false;
            current["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "busybox:2";
            error = Should.Throw<ApiException>(() => cluster.Update(BuiltinResources.Jobs, current));
        }
        while (error.Code == 409 && ++attempts < 10);

        error.Code.ShouldBe(422);
        error.Message.ShouldEndWith("spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable");
    }

    [Fact]
    public async Task A_job_template_must_not_restart_always()
    {
        await using var cluster = await TestCluster.StartAsync();

        var error = Should.Throw<ApiException>(() => cluster.Create(BuiltinResources.Jobs, """
            { "apiVersion": "batch/v1", "kind": "Job", "metadata": { "name": "once" },
              "spec": { "template": { "spec": { "containers": [ { "name": "work", "image": "busybox" } ] } } } }
            """));

        error.Message.ShouldBe("Job.batch \"once\" is invalid: spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\"");
    }

    [Fact]
    public async Task Pods_get_defaults_and_an_initial_status()
    {
        await using var cluster = await TestCluster.StartAsync();
        var pod = cluster.Create(BuiltinResources.Pods, TestCluster.Pod("p", "nginx", resources: """{ "limits": { "cpu": "1" } }"""));

        pod["spec"]!["containers"]![0]!["imagePullPolicy"]!.ToString().ShouldBe("Always");
        pod["spec"]!["containers"]![0]!["resources"]!["requests"]!["cpu"]!.ToString().ShouldBe("1");
        pod["spec"]!["serviceAccountName"]!.ToString().ShouldBe("default");
        pod["spec"]!["enableServiceLinks"]!.GetValue<bool>().ShouldBeTrue();
        pod["spec"]!["tolerations"]!.AsArray().Count.ShouldBe(2);
        pod["status"]!["phase"]!.ToString().ShouldBe("Pending");
        pod["status"]!["qosClass"]!.ToString().ShouldBe("Burstable");
    }

    [Fact]
    public async Task Network_policies_default_their_policy_types()
    {
        await using var cluster = await TestCluster.StartAsync();
        var policy = cluster.Create(BuiltinResources.NetworkPolicies, """
            { "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": { "name": "deny" },
              "spec": { "podSelector": {}, "egress": [ { "ports": [ { "port": 53 } ] } ] } }
            """);

        policy["spec"]!["policyTypes"]!.ToJsonString().ShouldBe("""["Ingress","Egress"]""");
        policy["spec"]!["egress"]![0]!["ports"]![0]!["protocol"]!.ToString().ShouldBe("TCP");
    }
}
