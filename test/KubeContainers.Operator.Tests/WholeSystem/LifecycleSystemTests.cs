using k8s;
using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.Tests.Support;

namespace KubeContainers.Operator.Tests.WholeSystem;

/// <summary>Issue 5 on the real operator process: stop/start, restart, rollback, expiry, oneShot, volumes.</summary>
[ClusterTest]
public sealed class LifecycleSystemTests(OperatorCluster cluster) : IClassFixture<OperatorCluster>
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(60);
    private readonly IKubernetes client = cluster.Client();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stopping_scales_to_zero_and_keeps_the_service_and_starting_brings_it_back_at_the_same_url()
    {
        var ns = await cluster.NamespaceAsync("stop");
        const string spec = "  image: example.com/app:1\n  port: 8080\n";
        await cluster.ApplyAsync(ns, "app", spec);
        var running = await WaitAsync(ns, "app", m => m.Status.IsReady(), "Ready");

        await cluster.ApplyAsync(ns, "app", spec + "  stopped: true\n");
        var stopped = await WaitAsync(ns, "app", m => m.Status.Phase == ManagedContainerPhases.Stopped && m.Status.ReadyReplicas == 0, "Stopped");

        stopped.Status.GetCondition(ConditionTypes.Suspended)!.Status.ShouldBe(ConditionStatuses.True);
        stopped.Status.GetCondition(ConditionTypes.Ready)!.Reason.ShouldBe(ConditionReasons.Stopped);
        (await client.AppsV1.ReadNamespacedDeploymentAsync("app", ns, cancellationToken: Ct)).Spec.Replicas.ShouldBe(0);
        (await client.CoreV1.ReadNamespacedServiceAsync("app", ns, cancellationToken: Ct)).ShouldNotBeNull();

        await cluster.ApplyAsync(ns, "app", spec + "  stopped: false\n");
        var started = await WaitAsync(ns, "app", m => m.Status.IsReady() && m.Status.Phase == ManagedContainerPhases.Running, "Running again");
        started.Status.Url.ShouldBe(running.Status.Url);
        await EventuallyEventAsync(ns, "app", "Stopped");
        await EventuallyEventAsync(ns, "app", "Started");
    }

    [Fact]
    public async Task Changing_restartedAt_replaces_every_replica_without_dropping_below_the_replica_count()
    {
        var ns = await cluster.NamespaceAsync("restart");
        const string spec = "  image: example.com/app:1\n  port: 8080\n  replicas: 2\n";
        await cluster.ApplyAsync(ns, "app", spec);
        await WaitAsync(ns, "app", m => m.Status.IsReady(), "Ready");
        var podsBefore = await PodNamesAsync(ns);

        await cluster.ApplyAsync(ns, "app", spec + "  restartedAt: \"2026-11-23T10:00:00Z\"\n");
        var lowest = int.MaxValue;
        await Eventually.True(async () =>
        {
            var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync("app", ns, cancellationToken: Ct);
            lowest = Math.Min(lowest, deployment.Status?.AvailableReplicas ?? 0);
            var pods = await PodNamesAsync(ns);
            return deployment.Status?.UpdatedReplicas == 2 && deployment.Status.AvailableReplicas == 2
                && pods.Count == 2 && !pods.Intersect(podsBefore).Any();
        }, "every pod replaced", Converge);

        lowest.ShouldBe(2, "maxUnavailable 0 keeps both replicas available while rolling");
        (await client.AppsV1.ReadNamespacedDeploymentAsync("app", ns, cancellationToken: Ct))
            .Spec.Template.Metadata.Annotations["kubecontainers.io/restartedAt"].ShouldBe("2026-11-23T10:00:00Z");
        await EventuallyEventAsync(ns, "app", "Restarted");
    }

    [Fact]
    public async Task A_new_image_that_never_becomes_ready_is_rolled_back_while_the_old_one_keeps_serving()
    {
        var ns = await cluster.NamespaceAsync("rollback");
        const string rollout = "  rollout:\n    progressDeadlineSeconds: 4\n  healthCheck:\n    periodSeconds: 1\n    failureThreshold: 1\n";
        await cluster.ApplyAsync(ns, "app", "  image: example.com/app:v1\n  port: 8080\n" + rollout);
        await WaitAsync(ns, "app", m => m.Status.IsReady() && m.Status.LastHealthyImage == "example.com/app:v1", "v1 Ready");

        await cluster.ApplyAsync(ns, "app", "  image: example.com/never-ready:v2\n  port: 8080\n" + rollout);
        var oldKeptServing = true;
        var rolledBack = await Eventually.Returns(async () =>
        {
            var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync("app", ns, cancellationToken: Ct);
            oldKeptServing &= (deployment.Status?.ReadyReplicas ?? 0) >= 1;
            return await client.GetAsync(ns, "app");
        }, m => m?.Status.GetCondition(ConditionTypes.Stalled)?.Reason == ConditionReasons.RolledBack, "Stalled=True RolledBack", Converge);

        oldKeptServing.ShouldBeTrue("a ready replica of v1 served throughout");
        rolledBack!.Status.GetCondition(ConditionTypes.Ready)!.Reason.ShouldBe(ConditionReasons.RolledBack);
        rolledBack.Status.LastHealthyImage.ShouldBe("example.com/app:v1");
        rolledBack.Spec.Image.ShouldBe("example.com/never-ready:v2", "the user's spec is never written");
        await Eventually.True(
            async () => (await client.AppsV1.ReadNamespacedDeploymentAsync("app", ns, cancellationToken: Ct)).Spec.Template.Spec.Containers[0].Image == "example.com/app:v1",
            "the Deployment back on v1", Converge);
        var serving = await WaitAsync(ns, "app", m => m.Status.Image == "example.com/app:v1" && m.Status.ReadyReplicas == 1, "v1 serving again");
        await EventuallyEventAsync(ns, "app", "RolledBack");
        string.Join(" | ", serving.Status.History!.Select(r => $"{r.Revision} {r.Image} {r.Outcome}")).ShouldBe(
            "1 example.com/app:v1 Ready | 2 example.com/never-ready:v2 RolledBack");
    }

    [Fact]
    public async Task Kubectl_scale_is_followed_and_not_undone_by_later_reconciles()
    {
        var ns = await cluster.NamespaceAsync("scale");
        const string spec = "  image: example.com/app:1\n  port: 8080\n";
        await cluster.ApplyAsync(ns, "app", spec + "  replicas: 1\n");
        await WaitAsync(ns, "app", m => m.Status.IsReady(), "Ready");

        // What an autoscaler does: write the scale subresource, not the ManagedContainer.
        var scaled = await cluster.Kubectl.RunAsync($"scale mc/app -n {ns} --replicas 3");
        scaled.ShouldSucceed().Stdout.ShouldContain("managedcontainer.kubecontainers.io/app scaled");
        var three = await WaitAsync(ns, "app", m => m.Status.ReadyReplicas == 3 && m.Status.IsReady(), "3 ready replicas");
        three.Status.Selector.ShouldBe("kubecontainers.io/container=app");

        // A later change of the spec (a restart: a new generation the operator must reconcile) keeps the scale's count.
        (await cluster.Kubectl.RunAsync($$$"""patch mc app -n {{{ns}}} --type=merge -p '{"spec":{"restartedAt":"2026-11-23T10:00:00Z"}}'""")).ShouldSucceed();
        var generation = (await client.GetAsync(ns, "app"))!.Metadata.Generation;
        var after = await WaitAsync(ns, "app", m => m.Status.ObservedGeneration == generation && m.Status.IsReady(), "the restart reconciled and Ready");
        after.Status.ReadyReplicas.ShouldBe(3);
        var scale = await cluster.Kubectl.RunAsync($"get --raw /apis/kubecontainers.io/v1alpha1/namespaces/{ns}/managedcontainers/app/scale");
        scale.ShouldSucceed().Stdout.ShouldContain("\"replicas\":3");
        (await client.AppsV1.ReadNamespacedDeploymentAsync("app", ns, cancellationToken: Ct)).Spec.Replicas.ShouldBe(3);
    }

    [Fact]
    public async Task At_expiry_stop_scales_to_zero_and_delete_removes_the_container()
    {
        var ns = await cluster.NamespaceAsync("expiry");
        await cluster.ApplyAsync(ns, "stops", "  image: example.com/app:1\n  lifetime:\n    timeoutSeconds: 3\n");
        await cluster.ApplyAsync(ns, "goes", "  image: example.com/app:1\n  lifetime:\n    timeoutSeconds: 3\n    onExpiry: delete\n");

        var expired = await WaitAsync(ns, "stops", m => m.Status.Phase == ManagedContainerPhases.Expired, "Expired");
        var expiresAt = expired.Status.ExpiresAt!.Value;
        expiresAt.ShouldBe(new DateTimeOffset(DateTime.SpecifyKind(expired.Metadata.CreationTimestamp!.Value, DateTimeKind.Utc)).AddSeconds(3));
        (await client.AppsV1.ReadNamespacedDeploymentAsync("stops", ns, cancellationToken: Ct)).Spec.Replicas.ShouldBe(0);
        await Eventually.True(async () => await client.GetAsync(ns, "goes") is null, "the onExpiry: delete container to be gone", Converge);
    }

    [Fact]
    public async Task An_expiry_reached_while_the_operator_was_down_is_handled_at_its_next_start()
    {
        var ns = await cluster.NamespaceAsync("down");
        cluster.Operator.KillHard();
        await cluster.ApplyAsync(ns, "app", "  image: example.com/app:1\n  lifetime:\n    timeoutSeconds: 1\n");
        var created = new DateTimeOffset(DateTime.SpecifyKind((await client.GetAsync(ns, "app"))!.Metadata.CreationTimestamp!.Value, DateTimeKind.Utc));
        // A fixed wait on purpose: the lifetime runs on the wall clock and nothing is running that could show it
        // passing, so the test waits out the rest of it (the creation timestamp has second precision, hence 1.5 s).
        var left = created.AddSeconds(1.5) - DateTimeOffset.UtcNow;
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left, Ct);
        }

        ((await client.GetAsync(ns, "app"))!.Status?.Phase).ShouldNotBe(ManagedContainerPhases.Expired, "nothing handles the expiry while the operator is down");
        var restarted = DateTimeOffset.UtcNow;
        await cluster.RestartOperatorAsync();

        var expired = await WaitAsync(ns, "app", m => m.Status.Phase == ManagedContainerPhases.Expired, "Expired after the restart");
        expired.Status.ObservedGeneration.ShouldBe(expired.Metadata.Generation);
        expired.Status.ExpiresAt!.Value.ShouldBeLessThan(restarted, "the expiry was reached while the operator was down");
    }

    [Theory]
    [InlineData("example.com/task:1", ManagedContainerPhases.Succeeded, 0)]
    [InlineData("example.com/task:exit-3", ManagedContainerPhases.Failed, 3)]
    public async Task A_one_shot_job_reports_its_exit_code_and_completion(string image, string phase, int exitCode)
    {
        var ns = await cluster.NamespaceAsync("oneshot");
        await cluster.ApplyAsync(ns, "job", $"  image: {image}\n  mode: oneShot\n  command: [\"run-once\"]\n");

        var done = await WaitAsync(ns, "job", m => m.Status.Phase == phase, phase);

        done.Status.ExitCode.ShouldBe(exitCode);
        done.Status.CompletedAt.ShouldNotBeNull();
        (await client.BatchV1.ReadNamespacedJobAsync("job", ns, cancellationToken: Ct)).ShouldNotBeNull();
        (await client.CoreV1.ListNamespacedServiceAsync(ns, cancellationToken: Ct)).Items.ShouldBeEmpty();
        await EventuallyEventAsync(ns, "job", phase == ManagedContainerPhases.Succeeded ? "Completed" : ConditionReasons.JobFailed);
    }

    [Fact]
    public async Task Volumes_are_bound_and_only_retained_claims_survive_deletion()
    {
        var ns = await cluster.NamespaceAsync("volumes");
        await cluster.ApplyAsync(ns, "db",
            "  image: example.com/db:1\n  volumes:\n  - name: data\n    mountPath: /data\n    size: 1Gi\n    retain: true\n  - name: cache\n    mountPath: /cache\n    size: 1Gi\n");
        var ready = await WaitAsync(ns, "db", m => m.Status.IsReady(), "Ready");
        ready.Status.Checks!.VolumesBound.ShouldBeTrue();
        ready.Status.GetCondition(ConditionTypes.VolumesBound)!.Status.ShouldBe(ConditionStatuses.True);

        (await cluster.Kubectl.RunAsync($"delete mc db -n {ns}")).ShouldSucceed();

        await Eventually.True(
            async () => (await client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(ns, cancellationToken: Ct)).Items.Select(c => c.Metadata.Name).SequenceEqual(["db-data"]),
            "only the retained claim left", Converge);
        var kept = await client.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("db-data", ns, cancellationToken: Ct);
        (kept.Metadata.OwnerReferences ?? []).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_missing_secret_is_a_clear_reason_that_clears_once_the_secret_exists()
    {
        var ns = await cluster.NamespaceAsync("secrets");
        await cluster.ApplyAsync(ns, "app",
            "  image: example.com/app:1\n  secretEnv:\n  - name: DB_PASSWORD\n    secretName: db\n    key: password\n  imagePullSecrets: [regcred]\n");

        var blocked = await WaitAsync(ns, "app",
            m => m.Status.GetCondition(ConditionTypes.Ready)?.Reason == ConditionReasons.ContainerConfigError, "ContainerConfigError");
        blocked.Status.GetCondition(ConditionTypes.Ready)!.Message.ShouldContain("secret \"db\" not found");
        var pod = (await client.AppsV1.ReadNamespacedDeploymentAsync("app", ns, cancellationToken: Ct)).Spec.Template.Spec;
        pod.Containers[0].Env.ShouldHaveSingleItem().ValueFrom.SecretKeyRef.Name.ShouldBe("db", "referenced, never copied");
        pod.ImagePullSecrets.ShouldHaveSingleItem().Name.ShouldBe("regcred");

        (await cluster.Kubectl.RunAsync($"apply -n {ns} -f -",
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: s3cret\n")).ShouldSucceed();
        await WaitAsync(ns, "app", m => m.Status.IsReady(), "Ready once the Secret exists");
    }

    [Fact]
    public async Task Architecture_and_gpu_place_the_pod_on_a_node_that_has_them()
    {
        var ns = await cluster.NamespaceAsync("placement");
        await cluster.ApplyAsync(ns, "arm", "  image: example.com/app:1\n  architecture: arm64\n");
        await cluster.ApplyAsync(ns, "gpu", "  image: example.com/cuda:1\n  resources:\n    gpu: 1\n");

        await WaitAsync(ns, "arm", m => m.Status.IsReady(), "arm Ready");
        await WaitAsync(ns, "gpu", m => m.Status.IsReady(), "gpu Ready");
        var pods = (await client.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: Ct)).Items;
        pods.Single(p => p.Metadata.Labels["kubecontainers.io/container"] == "arm").Spec.NodeName.ShouldBe("gvisor-arm64");
        var gpuPod = pods.Single(p => p.Metadata.Labels["kubecontainers.io/container"] == "gpu");
        gpuPod.Spec.NodeName.ShouldBe("gvisor-gpu");
        gpuPod.Spec.Containers[0].Resources.Limits["nvidia.com/gpu"].ToString().ShouldBe("1");
    }

    private async Task<V1Alpha1ManagedContainer> WaitAsync(string ns, string name, Func<V1Alpha1ManagedContainer, bool> done, string what) =>
        (await Eventually.Returns(() => client.GetAsync(ns, name), m => m is not null && done(m), $"{ns}/{name} {what}", Converge))!;

    private async Task<List<string>> PodNamesAsync(string ns) =>
        [.. (await client.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: Ct)).Items
            .Where(p => p.Metadata.DeletionTimestamp is null)
            .Select(p => p.Metadata.Name)];

    private async Task EventuallyEventAsync(string ns, string name, string reason) =>
        await Eventually.True(
            async () => (await client.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: Ct)).Items
                .Any(e => e.InvolvedObject.Kind == V1Alpha1ManagedContainer.KubeKind && e.InvolvedObject.Name == name && e.Reason == reason),
            $"a {reason} event on {name}", Converge);
}
