using k8s;
using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.ManagedContainers;
using KubeContainers.Operator.ManagedContainers.Status;
using static KubeContainers.Operator.Tests.ManagedContainers.Status.Shapes;

namespace KubeContainers.Operator.Tests.ManagedContainers.Status;

public sealed class PodDiagnosisTests
{
    private const string PodA = "web-5d8f7c9b4-x2k4q";
    private const string PodB = "web-5d8f7c9b4-m7zpl";

    private static readonly string PendingConditions = string.Join(", ",
        Condition("PodReadyToStartContainers", "False", 20),
        Condition("Initialized", "True", 20),
        Condition("Ready", "False", 20, "ContainersNotReady", "containers with unready status: [app]"),
        Condition("ContainersReady", "False", 20, "ContainersNotReady", "containers with unready status: [app]"),
        Condition("PodScheduled", "True", 20));

    private const string PullMessage =
        "rpc error: code = NotFound desc = failed to pull and unpack image \"ghcr.io/acme/web:1.0\": failed to resolve reference \"ghcr.io/acme/web:1.0\": ghcr.io/acme/web:1.0: not found";

    private static V1Pod Healthy(string name = PodB) => Pod(name, "Running", BoundConditions(ready: true), Running(ready: true));

    private static V1Pod CrashLooping(string name = PodA, int exitCode = 3) => Pod(name, "Running", BoundConditions(ready: false),
        Waiting("CrashLoopBackOff", $"back-off 40s restarting failed container=app pod={name}_team-a(uid-{name})", restarts: 4,
            lastState: Terminated(exitCode, "Error"), pulled: true));

    private static V1Pod Unschedulable(string name = PodA) => Pod(name, "Pending",
        Condition("PodScheduled", "False", 30, "Unschedulable",
            "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod."),
        "", node: "");

    private static V1Pod NotReady(double startedAgo, double notReadyFor, string probe = "", bool? started = true) =>
        Pod(PodA, "Running", BoundConditions(ready: false, readySince: notReadyFor), Running(ready: false, startedAgo: startedAgo, started: started),
            container: """ "name": "app" """ + probe);

    private const string Probe90s =
        """, "readinessProbe": { "httpGet": { "path": "/health", "port": 8080 }, "initialDelaySeconds": 60, "periodSeconds": 10, "failureThreshold": 3 }""";

    /// <summary>Each row: the pods and Events, then the reason expected (null: nothing blocks) and a part of the message.</summary>
    private static readonly Dictionary<string, (V1Pod[] Pods, Corev1Event[] Events, string? Reason, string? Message)> Cases = new()
    {
        ["ErrImagePull"] = (
            [Pod(PodA, "Pending", PendingConditions, Waiting("ErrImagePull", PullMessage))], [],
            ConditionReasons.ImagePullFailed,
            $"pod {PodA}: container app cannot pull image \"ghcr.io/acme/web:1.0\": rpc error: code = NotFound desc = failed to pull"),
        ["ImagePullBackOff with the kubelet's Failed event"] = (
            [Pod(PodA, "Pending", PendingConditions, Waiting("ImagePullBackOff", "Back-off pulling image \"ghcr.io/acme/web:1.0\""))],
            [
                Event(PodA, "Warning", "Failed", "Error: ImagePullBackOff", 5),
                Event(PodA, "Warning", "Failed", "Failed to pull image \"ghcr.io/acme/web:1.0\": rpc error: code = Unknown desc = failed to authorize: 401 Unauthorized", 20),
                Event(PodA, "Normal", "BackOff", "Back-off pulling image \"ghcr.io/acme/web:1.0\"", 5),
            ],
            ConditionReasons.ImagePullFailed,
            $"pod {PodA}: container app cannot pull image \"ghcr.io/acme/web:1.0\": rpc error: code = Unknown desc = failed to authorize: 401 Unauthorized"),
        ["ImagePullBackOff without events"] = (
            [Pod(PodA, "Pending", PendingConditions, Waiting("ImagePullBackOff", "Back-off pulling image \"ghcr.io/acme/web:1.0\""))], [],
            ConditionReasons.ImagePullFailed, "cannot pull image \"ghcr.io/acme/web:1.0\": Back-off pulling image"),
        ["InvalidImageName"] = (
            [Pod(PodA, "Pending", PendingConditions,
                Waiting("InvalidImageName", "Failed to apply default image tag \"Acme/Web\": couldn't parse image name \"Acme/Web\": invalid reference format"),
                image: "Acme/Web")], [],
            ConditionReasons.ImagePullFailed, "cannot pull image \"Acme/Web\": Failed to apply default image tag"),
        ["Unschedulable"] = (
            [Unschedulable()], [],
            ConditionReasons.Unschedulable, $"pod {PodA} cannot be scheduled: 0/3 nodes are available: 3 Insufficient cpu."),
        ["CrashLoopBackOff"] = (
            [CrashLooping()], [], ConditionReasons.CrashLooping, $"pod {PodA}: container app is crash-looping: exit code 3 (restarted 4 times)"),
        ["killed by its liveness probe"] = (
            [CrashLooping(exitCode: 137)],
            [Event(PodA, "Warning", "Unhealthy", "Liveness probe failed: HTTP probe failed with statuscode: 404", 2, count: 5)],
            ConditionReasons.CrashLooping,
            $"pod {PodA}: container app is crash-looping: exit code 137 (restarted 4 times): Liveness probe failed: HTTP probe failed with statuscode: 404"),
        ["first exit, not restarted yet"] = (
            [Pod(PodA, "Running", BoundConditions(ready: false), TerminatedNow(2, "Error"))], [],
            ConditionReasons.CrashLooping, $"pod {PodA}: container app crashed: exit code 2"),
        ["StartError (command not found)"] = (
            [Pod(PodA, "Running", BoundConditions(ready: false), Waiting("CrashLoopBackOff", "back-off 20s", restarts: 2, pulled: true,
                lastState: Terminated(128, "StartError", message: "failed to create containerd task: exec: \"/app/server\": stat /app/server: no such file or directory: unknown")))], [],
            ConditionReasons.CrashLooping, "is crash-looping: exit code 128, StartError (restarted 2 times): failed to create containerd task: exec: \"/app/server\""),
        ["OOMKilled then CrashLoopBackOff"] = (
            [Pod(PodA, "Running", BoundConditions(ready: false), Waiting("CrashLoopBackOff", "back-off 10s", restarts: 1, pulled: true, lastState: Terminated(137, "OOMKilled")),
                container: """ "name": "app", "resources": { "limits": { "memory": "64Mi" } } """)], [],
            ConditionReasons.OOMKilled, $"pod {PodA}: container app ran out of memory and was killed (exit code 137, memory limit 64Mi, restarted 1 time)"),
        ["OOMKilled just now"] = (
            [Pod(PodA, "Running", BoundConditions(ready: false), TerminatedNow(137, "OOMKilled"))], [],
            ConditionReasons.OOMKilled, "ran out of memory and was killed (exit code 137, restarted 0 times)"),
        ["init container crash-looping"] = (
            [Pod(PodA, "Pending", PendingConditions, Waiting("PodInitializing"),
                initStatuses: ContainerStatus("""{ "waiting": { "reason": "CrashLoopBackOff", "message": "back-off 10s" } }""", false, false, 3,
                    Terminated(1, "Error"), pulled: true, name: "migrate"))], [],
            ConditionReasons.CrashLooping, $"pod {PodA}: init container migrate is crash-looping: exit code 1 (restarted 3 times)"),
        ["missing Secret"] = (
            [Pod(PodA, "Pending", PendingConditions, Waiting("CreateContainerConfigError", "secret \"db-credentials\" not found", pulled: true))], [],
            ConditionReasons.ContainerConfigError, $"pod {PodA}: container app cannot start: secret \"db-credentials\" not found"),
        ["unready past the default grace, Unhealthy events"] = (
            [NotReady(startedAgo: 120, notReadyFor: 100)],
            [
                Event(PodA, "Warning", "Unhealthy", "Readiness probe failed: Get \"http://10.244.1.7:8080/health\": dial tcp 10.244.1.7:8080: connect: connection refused", 90, count: 2),
                Event(PodA, "Warning", "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 503", 2, count: 9),
            ],
            ConditionReasons.HealthCheckFailing,
            $"pod {PodA}: container app is running but has failed its health check for 1m40s: Readiness probe failed: HTTP probe failed with statuscode: 503"),
        ["unready past the default grace, no events"] = (
            [NotReady(startedAgo: 45, notReadyFor: 45)], [], ConditionReasons.HealthCheckFailing, "has failed its health check for 45s"),
        ["unready past the probe's grace (60 + 10 x 3)"] = (
            [NotReady(startedAgo: 100, notReadyFor: 100, Probe90s)], [], ConditionReasons.HealthCheckFailing, "for 1m40s"),
        ["sandbox cannot be created"] = (
            [Pod(PodA, "Pending", PendingConditions, Waiting("ContainerCreating"))],
            [Event(PodA, "Warning", "FailedCreatePodSandBox",
                "Failed to create pod sandbox: rpc error: code = Unknown desc = failed to get sandbox runtime: no runtime for \"runsc\" is configured", 3, fieldPath: "", count: 6)],
            ConditionReasons.SandboxUnavailable,
            $"pod {PodA}: Failed to create pod sandbox: rpc error: code = Unknown desc = failed to get sandbox runtime: no runtime for \"runsc\" is configured"),
        ["a Secret of spec.files missing: the volume cannot be set up"] = (
            [Pod(PodA, "Pending", PendingConditions, Waiting("ContainerCreating"))],
            [Event(PodA, "Warning", "FailedMount", "MountVolume.SetUp failed for volume \"kc-secret-0123456789ab\" : secret \"site-tls\" not found", 3, fieldPath: "", count: 4)],
            ConditionReasons.VolumeMountFailed,
            $"pod {PodA} cannot mount its volumes: MountVolume.SetUp failed for volume \"kc-secret-0123456789ab\" : secret \"site-tls\" not found"),
        ["a ConfigMap of envFrom missing: the container cannot be created"] = (
            [Pod(PodA, "Pending", PendingConditions, Waiting("CreateContainerConfigError", "configmap \"site-settings\" not found"))], [],
            ConditionReasons.ContainerConfigError, "cannot start: configmap \"site-settings\" not found"),

        ["a brand-new pod without status"] = ([BrandNew()], [], null, null),
        ["scheduled, containers being created"] = ([Pod(PodA, "Pending", PendingConditions, Waiting("ContainerCreating"))], [], null, null),
        ["unready within the default grace"] = ([NotReady(startedAgo: 10, notReadyFor: 10)], [], null, null),
        ["unready within the probe's grace"] = ([NotReady(startedAgo: 80, notReadyFor: 80, Probe90s)], [], null, null),
        ["was ready, unready again only recently"] = ([NotReady(startedAgo: 3600, notReadyFor: 5)], [], null, null),
        ["startup probe not passed yet"] = ([NotReady(startedAgo: 200, notReadyFor: 200, started: false)], [], null, null),
        ["ready"] = ([Healthy()], [], null, null),
        ["terminating crash-looping pod ignored"] = (
            [WithDeletion(CrashLooping()), Healthy()], [], null, null),
        ["evicted pod ignored"] = ([Evicted(), Healthy()], [], null, null),
        ["a sandbox failure of a pod that runs now is history"] = (
            [Healthy(PodA)], [Event(PodA, "Warning", "FailedCreatePodSandBox", "Failed to create pod sandbox: no runtime for \"runsc\" is configured", 300, fieldPath: "")],
            null, null),

        ["one crash-looping, one ready"] = ([Healthy(), CrashLooping()], [], ConditionReasons.CrashLooping, "exit code 3"),
        ["an unschedulable replica and a crash-looping one: the crash first"] = (
            [Unschedulable("web-5d8f7c9b4-aaaaa"), CrashLooping("web-5d8f7c9b4-zzzzz", 9)], [], ConditionReasons.CrashLooping, "exit code 9"),
        ["an unready replica and one that cannot pull"] = (
            [NotReady(startedAgo: 100, notReadyFor: 100), Pod(PodB, "Pending", PendingConditions, Waiting("ErrImagePull", PullMessage))], [],
            ConditionReasons.ImagePullFailed, PodB),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Finds_the_real_cause(string name)
    {
        var (pods, events, reason, message) = Cases[name];

        var cause = PodDiagnosis.Diagnose(pods, Now, events).Cause;

        cause?.Reason.ShouldBe(reason, $"{cause?.Message}");
        if (reason is null)
        {
            cause.ShouldBeNull();
            return;
        }

        cause.ShouldNotBeNull().Message.ShouldContain(message!);
        cause.Message.ShouldNotContain("\n");
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Pods_trimmed_by_the_cache_diagnose_the_same(string name)
    {
        var (pods, events, _, _) = Cases[name];
        var trimmed = pods.Select(p => CacheTransforms.Pod(KubernetesJson.Deserialize<V1Pod>(KubernetesJson.Serialize(p)))).ToList();

        PodDiagnosis.Diagnose(trimmed, Now, events).ShouldBe(PodDiagnosis.Diagnose(pods, Now, events));
        PodDiagnosis.Diagnose(trimmed, Now, events, TimeSpan.FromSeconds(5)).ShouldBe(PodDiagnosis.Diagnose(pods, Now, events, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Checks_of_a_pod_that_cannot_pull_its_image()
    {
        var diagnosis = PodDiagnosis.Diagnose([Pod(PodA, "Pending", PendingConditions, Waiting("ErrImagePull", PullMessage))], Now);

        (diagnosis.ImagePulled, diagnosis.Scheduled, diagnosis.Running, diagnosis.HealthCheckPassing).ShouldBe((false, true, false, false));
    }

    [Fact]
    public void Checks_of_an_unschedulable_pod() =>
        Checks(PodDiagnosis.Diagnose([Unschedulable()], Now)).ShouldBe((false, false, false, false));

    [Fact]
    public void Checks_of_a_crash_looping_pod_say_the_image_was_pulled() =>
        Checks(PodDiagnosis.Diagnose([CrashLooping()], Now)).ShouldBe((true, true, false, false));

    [Fact]
    public void Checks_of_a_running_unready_pod() =>
        Checks(PodDiagnosis.Diagnose([NotReady(10, 10)], Now)).ShouldBe((true, true, true, false));

    [Fact]
    public void Checks_of_ready_pods_all_pass_and_count_them()
    {
        var diagnosis = PodDiagnosis.Diagnose([Healthy(PodA), Healthy(PodB)], Now);

        Checks(diagnosis).ShouldBe((true, true, true, true));
        (diagnosis.Pods, diagnosis.ReadyPods).ShouldBe((2, 2));
    }

    [Fact]
    public void One_failing_replica_fails_the_checks_of_all()
    {
        var diagnosis = PodDiagnosis.Diagnose([Healthy(), CrashLooping()], Now);

        Checks(diagnosis).ShouldBe((true, true, false, false));
        (diagnosis.Pods, diagnosis.ReadyPods).ShouldBe((2, 1));
    }

    [Fact]
    public void No_pods_no_checks_and_no_cause()
    {
        PodDiagnosis.Diagnose([], Now).ShouldBe(WorkloadDiagnosis.NoPods);
        PodDiagnosis.Diagnose([BrandNew()], Now).ShouldBe(new WorkloadDiagnosis(null, false, false, false, false, 1, 0));
    }

    [Fact]
    public void A_grace_period_passed_in_wins_over_the_probe()
    {
        var pod = NotReady(startedAgo: 100, notReadyFor: 100, Probe90s);

        PodDiagnosis.Diagnose([pod], Now, healthCheckGrace: TimeSpan.FromMinutes(5)).Cause.ShouldBeNull();
        PodDiagnosis.Diagnose([pod], Now, healthCheckGrace: TimeSpan.FromSeconds(30)).Cause!.Reason.ShouldBe(ConditionReasons.HealthCheckFailing);
    }

    [Fact]
    public void Events_of_other_pods_do_not_count()
    {
        var events = new[] { Event(PodB, "Warning", "FailedCreatePodSandBox", "Failed to create pod sandbox: no runtime for \"runsc\" is configured", fieldPath: "") };

        PodDiagnosis.Diagnose([Pod(PodA, "Pending", PendingConditions, Waiting("ContainerCreating"))], Now, events).Cause.ShouldBeNull();
    }

    [Fact]
    public void The_checks_are_copied_into_status_checks_and_nothing_else()
    {
        var checks = new StatusChecks { NetworkConfigured = true, VolumesBound = true };

        PodDiagnosis.Diagnose([CrashLooping()], Now).CopyChecksTo(checks);

        (checks.ImagePulled, checks.Scheduled, checks.Running, checks.HealthCheckPassing).ShouldBe((true, true, false, false));
        (checks.NetworkConfigured, checks.VolumesBound, checks.SandboxAvailable).ShouldBe((true, true, false));
    }

    [Theory]
    [InlineData(null, null, null, 30)]
    [InlineData(0, 1, 1, 1)]
    [InlineData(60, 10, 3, 90)]
    [InlineData(5, 0, 0, 35)]
    public void The_grace_period_comes_from_the_readiness_probe(int? initialDelay, int? period, int? threshold, int seconds)
    {
        var probe = new V1Probe { InitialDelaySeconds = initialDelay, PeriodSeconds = period, FailureThreshold = threshold };

        HealthCheckGrace.For(probe).ShouldBe(TimeSpan.FromSeconds(seconds));
        HealthCheckGrace.For((V1Probe?)null).ShouldBe(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void A_startup_probe_adds_its_allowance_to_the_grace_period()
    {
        var readiness = new V1Probe { PeriodSeconds = 10, FailureThreshold = 3 };
        var container = new V1Container { ReadinessProbe = readiness, StartupProbe = new V1Probe { PeriodSeconds = 10, FailureThreshold = 12 } };

        HealthCheckGrace.For(container).ShouldBe(TimeSpan.FromSeconds(30 + 120));
        HealthCheckGrace.For(new V1Container { ReadinessProbe = readiness }).ShouldBe(TimeSpan.FromSeconds(30));
    }

    private static (bool, bool, bool, bool) Checks(WorkloadDiagnosis d) => (d.ImagePulled, d.Scheduled, d.Running, d.HealthCheckPassing);

    private static V1Pod BrandNew() => k8s.KubernetesJson.Deserialize<V1Pod>($$"""
        {
          "apiVersion": "v1", "kind": "Pod",
          "metadata": { "name": "{{PodA}}", "namespace": "team-a", "uid": "uid-new" },
          "spec": { "containers": [ { "name": "app", "image": "ghcr.io/acme/web:1.0" } ] },
          "status": { "phase": "Pending", "qosClass": "BestEffort" }
        }
        """)!;

    private static V1Pod WithDeletion(V1Pod pod)
    {
        pod.Metadata.DeletionTimestamp = Now.UtcDateTime.AddSeconds(-2);
        pod.Metadata.DeletionGracePeriodSeconds = 30;
        return pod;
    }

    private static V1Pod Evicted()
    {
        var pod = Pod("web-5d8f7c9b4-evict", "Failed", Condition("PodScheduled", "True", 900),
            ContainerStatus(Terminated(137, "ContainerStatusUnknown"), false, false, 0, "{}", pulled: true));
        pod.Status.Reason = "Evicted";
        pod.Status.Message = "The node was low on resource: memory.";
        return pod;
    }
}
