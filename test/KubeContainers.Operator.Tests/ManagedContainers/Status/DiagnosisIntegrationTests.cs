using k8s;
using k8s.Models;
using KubeContainers.Api;
using KubeContainers.LocalCluster;
using KubeContainers.LocalCluster.Controllers;
using KubeContainers.LocalCluster.Controllers.Nodes;
using KubeContainers.Operator.ManagedContainers.Status;
using KubeContainers.Operator.Tests.Support;

namespace KubeContainers.Operator.Tests.ManagedContainers.Status;

/// <summary>
/// The diagnosis of what the local cluster's simulated controllers and kubelets really write (built-in pod rules:
/// pull-error, crashloop + exit-N, oom, never-ready; a scheduler; RuntimeClass admission and runtime handlers), read
/// through KubernetesClient: proof that the shapes the unit tests assume are the ones a cluster reports.
/// </summary>
[ClusterTest]
public sealed class DiagnosisIntegrationTests(DiagnosisIntegrationTests.Cluster cluster) : IClassFixture<DiagnosisIntegrationTests.Cluster>
{
    private readonly Kubernetes _client = cluster.Client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string, string> Failures => new()
    {
        { "pull-error", "example.com/pull-error:1", ConditionReasons.ImagePullFailed, "container app cannot pull image \"example.com/pull-error:1\": rpc error: code = NotFound" },
        { "crashloop", "busybox:crashloop-exit-3", ConditionReasons.CrashLooping, "container app " },
        { "oom", "example.com/oom:1", ConditionReasons.OOMKilled, "container app ran out of memory and was killed (exit code 137, memory limit 64Mi" },
        { "never-ready", "example.com/never-ready:1", ConditionReasons.HealthCheckFailing, "container app is running but has failed its health check for" },
        { "too-big", "nginx:1.27", ConditionReasons.Unschedulable, "cannot be scheduled: 0/3 nodes are available: 3 Insufficient cpu" },
        { "no-sandbox", "nginx:1.27", ConditionReasons.SandboxUnavailable, "Failed to create pod sandbox: rpc error: code = Unknown desc = failed to get sandbox runtime: no runtime for \"kata-clh\" is configured" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task The_pods_of_a_failing_deployment_show_the_real_cause(string name, string image, string reason, string message)
    {
        var ns = await NamespaceAsync(name);
        var deployment = Deployment(name, image);
        var app = deployment.Spec.Template.Spec.Containers[0];
        app.Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("64Mi") } };
        app.ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/health", Port = 8080 }, PeriodSeconds = 1, FailureThreshold = 1 };
        if (name == "too-big")
        {
            app.Resources.Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("64") };
        }
        else if (name == "no-sandbox")
        {
            await EnsureRuntimeClassAsync("kubecontainers-clh", "kata-clh");
            deployment.Spec.Template.Spec.RuntimeClassName = "kubecontainers-clh";
        }

        await _client.AppsV1.CreateNamespacedDeploymentAsync(deployment, ns, cancellationToken: Ct);

        var diagnosis = await Eventually.Returns(() => DiagnoseAsync(ns, name), d => d.Cause?.Reason == reason, $"{reason} for {image}");

        diagnosis.Cause!.Message.ShouldContain(message);
        diagnosis.Cause.Message.ShouldStartWith($"pod {name}-");
        diagnosis.HealthCheckPassing.ShouldBeFalse();
        if (reason == ConditionReasons.CrashLooping)
        {
            // The first exit reads "crashed: exit code 3", each one after "is crash-looping: exit code 3 (restarted N times)".
            diagnosis.Cause.Message.ShouldContain(": exit code 3");
        }

        if (reason == ConditionReasons.HealthCheckFailing)
        {
            diagnosis.Cause.Message.ShouldEndWith(": Readiness probe failed: HTTP probe failed with statuscode: 503");
        }

        DeploymentDiagnosis.From(await _client.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: Ct)).Available.ShouldBeFalse();
    }

    [Fact]
    public async Task A_healthy_deployment_is_available_with_every_check_passing()
    {
        var ns = await NamespaceAsync("healthy");
        await _client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", "nginx:1.27"), ns, cancellationToken: Ct);

        await Eventually.True(async () => DeploymentDiagnosis.From(await _client.AppsV1.ReadNamespacedDeploymentAsync("web", ns, cancellationToken: Ct)).Available, "available");
        var diagnosis = await DiagnoseAsync(ns, "web");

        diagnosis.ShouldBe(new WorkloadDiagnosis(null, true, true, true, true, 2, 2));
    }

    [Fact]
    public async Task Mid_rollout_the_new_versions_pods_speak_while_the_old_ones_still_serve()
    {
        var ns = await NamespaceAsync("rollout");
        await _client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", "nginx:1.27"), ns, cancellationToken: Ct);
        await Eventually.True(async () => DeploymentDiagnosis.From(await _client.AppsV1.ReadNamespacedDeploymentAsync("web", ns, cancellationToken: Ct)).Available, "first version available");

        var deployment = await _client.AppsV1.ReadNamespacedDeploymentAsync("web", ns, cancellationToken: Ct);
        deployment.Spec.Template.Spec.Containers[0].Image = "busybox:crashloop-exit-4";
        await _client.AppsV1.ReplaceNamespacedDeploymentAsync(deployment, "web", ns, cancellationToken: Ct);

        var current = await Eventually.Returns(() => DiagnoseAsync(ns, "web"), d => d.Cause?.Reason == ConditionReasons.CrashLooping, "the new version crash-looping");
        current.Cause!.Message.ShouldContain("exit code 4");
        var everyPod = PodDiagnosis.Diagnose((await _client.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: Ct)).Items.ToList(), DateTimeOffset.UtcNow);
        everyPod.ReadyPods.ShouldBeGreaterThan(0, "the old version still serves");
        var status = DeploymentDiagnosis.From(await _client.AppsV1.ReadNamespacedDeploymentAsync("web", ns, cancellationToken: Ct));
        (status.Available, status.Progressing).ShouldBe((false, true));
    }

    [Fact]
    public async Task A_deployment_naming_a_missing_runtime_class_cannot_create_pods()
    {
        var ns = await NamespaceAsync("no-class");
        var deployment = Deployment("web", "nginx:1.27");
        deployment.Spec.Template.Spec.RuntimeClassName = "kubecontainers-missing";
        await _client.AppsV1.CreateNamespacedDeploymentAsync(deployment, ns, cancellationToken: Ct);

        var diagnosis = await Eventually.Returns(
            async () => DeploymentDiagnosis.From(await _client.AppsV1.ReadNamespacedDeploymentAsync("web", ns, cancellationToken: Ct)),
            d => d.Cause is not null, "the ReplicaFailure condition");

        diagnosis.Cause.ShouldBe(new WorkloadCause(
            ConditionReasons.SandboxUnavailable, "Deployment web cannot create pods: pod rejected: RuntimeClass \"kubecontainers-missing\" not found"));
    }

    [Fact]
    public async Task Nodes_report_which_runtime_handlers_they_run()
    {
        var nodes = (await _client.CoreV1.ListNodeAsync(cancellationToken: Ct)).Items.ToList();

        SandboxDiagnosis.FromNodes("runsc", nodes).ShouldBeNull();
        SandboxDiagnosis.FromNodes("kata-qemu", nodes).ShouldBeNull();
        SandboxDiagnosis.FromNodes("kata-clh", nodes).ShouldBe("none of the 3 nodes runs the runtime handler \"kata-clh\"");
    }

    [Theory]
    [InlineData("busybox:exit-3", false, 3)]
    [InlineData("busybox:1.36", true, 0)]
    public async Task A_finished_job_reports_its_exit_code(string image, bool succeeded, int exitCode)
    {
        var ns = await NamespaceAsync("job");
        await _client.BatchV1.CreateNamespacedJobAsync(Job("migrate", image), ns, cancellationToken: Ct);

        var diagnosis = await Eventually.Returns(
            async () => JobDiagnosis.From(
                await _client.BatchV1.ReadNamespacedJobAsync("migrate", ns, cancellationToken: Ct),
                (await _client.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: Ct)).Items.ToList(),
                DateTimeOffset.UtcNow),
            d => !d.Running, "the Job to finish");

        (diagnosis.Succeeded, diagnosis.Failed, diagnosis.ExitCode).ShouldBe((succeeded, !succeeded, exitCode));
        diagnosis.CompletionTime.ShouldNotBeNull();
        if (!succeeded)
        {
            diagnosis.Cause!.Reason.ShouldBe(ConditionReasons.JobFailed);
            diagnosis.Cause.Message.ShouldStartWith("Job migrate failed (BackoffLimitExceeded): pod migrate-");
            diagnosis.Cause.Message.ShouldEndWith("container app exited with code 3");
        }
    }

    /// <summary>What the reconciler will do: the current ReplicaSet's pods, the namespace's Events, the time now.</summary>
    private async Task<WorkloadDiagnosis> DiagnoseAsync(string ns, string name)
    {
        var deployment = await _client.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: Ct);
        var replicaSets = (await _client.AppsV1.ListNamespacedReplicaSetAsync(ns, cancellationToken: Ct)).Items.ToList();
        var pods = (await _client.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: Ct)).Items.ToList();
        var events = (await _client.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: Ct)).Items.ToList();
        return PodDiagnosis.Diagnose(DeploymentPods.CurrentPods(deployment, replicaSets, pods), DateTimeOffset.UtcNow, events);
    }

    private async Task<string> NamespaceAsync(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        await _client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } }, cancellationToken: Ct);
        return name;
    }

    private async Task EnsureRuntimeClassAsync(string name, string handler)
    {
        try
        {
            await _client.NodeV1.CreateRuntimeClassAsync(new V1RuntimeClass { Metadata = new V1ObjectMeta { Name = name }, Handler = handler }, cancellationToken: Ct);
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // Another row created it.
        }
    }

    private static V1Deployment Deployment(string name, string image) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1DeploymentSpec
        {
            Replicas = 2,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = image }] },
            },
        },
    };

    private static V1Job Job(string name, string image) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1JobSpec
        {
            BackoffLimit = 0,
            Template = new V1PodTemplateSpec
            {
                Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [new V1Container { Name = "app", Image = image }] },
            },
        },
    };

    /// <summary>One local cluster for the class, with fast pod timings: ready after 50 ms, restart back-offs from 100 ms.</summary>
    public sealed class Cluster : IAsyncLifetime
    {
        private LocalCluster.LocalCluster? _cluster;

        public Kubernetes Client { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            // Nodes that run gVisor and Kata (no stock node does), so only kata-clh is missing.
            _cluster = await LocalCluster.LocalCluster.StartAsync(new LocalClusterOptions
            {
                PodReadyDelay = TimeSpan.FromMilliseconds(50),
                RestartBackOff = TimeSpan.FromMilliseconds(100),
                Nodes = [.. NodeSpec.Defaults.Select(n => n with { RuntimeHandlers = [.. NodeSpec.GVisorRuntimeHandlers, NodeRuntimeHandler.KataQemu, NodeRuntimeHandler.KataFc] })],
            });
            Client = new Kubernetes(_cluster.ClientConfiguration());
        }

        public async ValueTask DisposeAsync()
        {
            Client?.Dispose();
            if (_cluster is not null)
            {
                await _cluster.DisposeAsync();
            }
        }
    }
}
