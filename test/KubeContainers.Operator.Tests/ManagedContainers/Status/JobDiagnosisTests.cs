using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.ManagedContainers.Status;
using static KubeContainers.Operator.Tests.ManagedContainers.Status.Shapes;
using static KubeContainers.Operator.Tests.ManagedContainers.Status.WorkloadShapes;

namespace KubeContainers.Operator.Tests.ManagedContainers.Status;

public sealed class JobDiagnosisTests
{
    private static readonly string BackoffLimit = JobCondition("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit", 4);

    private static V1Job Failed(string condition) =>
        Job($$"""{ "startTime": "{{Ago(120)}}", "failed": 3, "terminating": 0, "ready": 0, "conditions": [ {{condition.Replace("\"Failed\"", "\"FailureTarget\"", StringComparison.Ordinal)}}, {{condition}} ] }""");

    private static V1Pod ActivePod(string containerStatus, string conditions) =>
        Pod("migrate-h8x2w", "Pending", conditions, containerStatus, image: "ghcr.io/acme/migrate:1", ownerUid: "job-uid");

    [Fact]
    public void A_completed_job_succeeded_with_exit_code_zero_at_its_completion_time()
    {
        var job = Job($$"""
            { "startTime": "{{Ago(60)}}", "completionTime": "{{Ago(8)}}", "succeeded": 1, "terminating": 0, "ready": 0,
              "conditions": [ {{JobCondition("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods", 9)}},
                {{JobCondition("Complete", "CompletionsReached", "Reached expected number of succeeded pods", 8)}} ] }
            """);

        var diagnosis = JobDiagnosis.From(job, [JobPod("migrate-4xk9z", 0, 9)], Now);

        (diagnosis.Running, diagnosis.Succeeded, diagnosis.Failed).ShouldBe((false, true, false));
        diagnosis.ExitCode.ShouldBe(0);
        diagnosis.CompletionTime.ShouldBe(Now.AddSeconds(-8));
        diagnosis.Cause.ShouldBeNull();
    }

    [Fact]
    public void A_job_out_of_retries_failed_with_the_last_exit_code()
    {
        var pods = new[] { JobPod("migrate-aaaaa", 3, 90), JobPod("migrate-bbbbb", 3, 40), JobPod("migrate-ccccc", 3, 6) };

        var diagnosis = JobDiagnosis.From(Failed(BackoffLimit), pods, Now);

        (diagnosis.Running, diagnosis.Succeeded, diagnosis.Failed).ShouldBe((false, false, true));
        diagnosis.ExitCode.ShouldBe(3);
        diagnosis.CompletionTime.ShouldBe(Now.AddSeconds(-4));
        diagnosis.Cause.ShouldBe(new WorkloadCause(
            ConditionReasons.JobFailed, "Job migrate failed (BackoffLimitExceeded): pod migrate-ccccc: container app exited with code 3"));
    }

    [Fact]
    public void An_oom_killed_job_fails_as_OOMKilled()
    {
        var diagnosis = JobDiagnosis.From(Failed(BackoffLimit), [JobPod("migrate-aaaaa", 137, 6, reason: "OOMKilled")], Now);

        diagnosis.Cause!.Reason.ShouldBe(ConditionReasons.OOMKilled);
        diagnosis.Cause.Message.ShouldBe("Job migrate failed (BackoffLimitExceeded): pod migrate-aaaaa: container app ran out of memory and was killed, exited with code 137");
        diagnosis.ExitCode.ShouldBe(137);
    }

    [Fact]
    public void An_OnFailure_job_takes_the_exit_code_from_the_restarted_containers_last_state()
    {
        var pod = ActivePod(Waiting("CrashLoopBackOff", "back-off 20s", restarts: 2, lastState: Terminated(4, "Error"), pulled: true), BoundConditions(false));
        pod.Spec.RestartPolicy = "OnFailure";

        var diagnosis = JobDiagnosis.From(Failed(BackoffLimit), [pod], Now);

        diagnosis.ExitCode.ShouldBe(4);
        diagnosis.Cause!.Message.ShouldEndWith("container app exited with code 4");
    }

    [Fact]
    public void A_job_past_its_deadline_without_pods_left_fails_with_the_jobs_words()
    {
        var diagnosis = JobDiagnosis.From(Failed(JobCondition("Failed", "DeadlineExceeded", "Job was active longer than specified deadline", 4)), [], Now);

        diagnosis.Cause.ShouldBe(new WorkloadCause(ConditionReasons.JobFailed, "Job migrate failed (DeadlineExceeded): Job was active longer than specified deadline"));
        diagnosis.ExitCode.ShouldBeNull();
    }

    [Fact]
    public void A_running_job_reports_what_blocks_its_pod()
    {
        var job = Job($$"""{ "startTime": "{{Ago(30)}}", "active": 1, "terminating": 0, "ready": 0 }""");
        var pod = ActivePod(Waiting("ImagePullBackOff", "Back-off pulling image \"ghcr.io/acme/migrate:1\""), BoundConditions(false));

        var diagnosis = JobDiagnosis.From(job, [pod], Now);

        (diagnosis.Running, diagnosis.Succeeded, diagnosis.Failed).ShouldBe((true, false, false));
        diagnosis.Cause!.Reason.ShouldBe(ConditionReasons.ImagePullFailed);
        diagnosis.Pods.ImagePulled.ShouldBeFalse();
    }

    [Fact]
    public void A_running_job_with_a_running_pod_is_fine()
    {
        var job = Job($$"""{ "startTime": "{{Ago(30)}}", "active": 1, "terminating": 0, "ready": 1 }""");
        var pod = ActivePod(Running(ready: true), BoundConditions(true));
        var other = Pod("report-zzzzz", "Running", BoundConditions(false), Waiting("CrashLoopBackOff", restarts: 5, lastState: Terminated(1, "Error"), pulled: true), ownerUid: "another-job");

        var diagnosis = JobDiagnosis.From(job, [pod, other], Now);

        diagnosis.Cause.ShouldBeNull("pods of other Jobs do not count");
        diagnosis.Pods.Running.ShouldBeTrue();
        diagnosis.Pods.Pods.ShouldBe(1);
    }

    [Fact]
    public void A_job_whose_pods_the_quota_refuses_says_so()
    {
        var job = Job($$"""{ "startTime": "{{Ago(30)}}", "terminating": 0, "ready": 0 }""");
        var refused = Event("migrate", "Warning", "FailedCreate",
            "Error creating: pods \"migrate-\" is forbidden: exceeded quota: compute, requested: limits.cpu=2, used: limits.cpu=8, limited: limits.cpu=8",
            fieldPath: "", kind: "Job", uid: "job-uid", component: "job-controller");

        var diagnosis = JobDiagnosis.From(job, [], Now, [refused]);

        diagnosis.Cause.ShouldBe(new WorkloadCause(ConditionReasons.QuotaExceeded,
            "Job migrate cannot create pods: exceeds ResourceQuota compute: limits.cpu requested 2, used 8, limited 8"));
    }
}
