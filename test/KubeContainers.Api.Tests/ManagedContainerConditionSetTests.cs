using k8s.Models;

namespace KubeContainers.Api.Tests;

public sealed class ManagedContainerConditionSetTests
{
    private static readonly DateTimeOffset T0 = Samples.Now;
    private static readonly DateTimeOffset T1 = T0.AddMinutes(1);
    private static readonly DateTimeOffset T2 = T0.AddMinutes(2);

    [Fact]
    public void Initialize_adds_every_condition_in_canonical_order()
    {
        var status = new ManagedContainerStatus();

        status.InitializeConditions(T0);

        status.Conditions!.Select(c => c.Type).ShouldBe(ManagedContainerConditionSet.All);
        ShouldHave(status, ConditionTypes.Ready, ConditionStatuses.Unknown, ConditionReasons.Initializing);
        ShouldHave(status, ConditionTypes.Reconciling, ConditionStatuses.True, ConditionReasons.Initializing);
        ShouldHave(status, ConditionTypes.Stalled, ConditionStatuses.False, ConditionReasons.NotStalled);
        ShouldHave(status, ConditionTypes.Suspended, ConditionStatuses.False, ConditionReasons.Active);
        status.Conditions!.ShouldAllBe(c => c.LastTransitionTime == T0.UtcDateTime);
        status.Message.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public void Initialize_keeps_existing_conditions()
    {
        var status = new ManagedContainerStatus();
        status.MarkDeploymentAvailable(T0);

        status.InitializeConditions(T1);

        ShouldHave(status, ConditionTypes.DeploymentAvailable, ConditionStatuses.True, ConditionReasons.Available);
        status.GetCondition(ConditionTypes.DeploymentAvailable)!.LastTransitionTime.ShouldBe(T0.UtcDateTime);
    }

    [Fact]
    public void Ready_is_true_only_when_every_dependent_is_true()
    {
        var status = ReadyPersistentWorker(T0);

        status.IsReady().ShouldBeTrue();
        ShouldHave(status, ConditionTypes.Ready, ConditionStatuses.True, ConditionReasons.Ready);
        ShouldHave(status, ConditionTypes.Reconciling, ConditionStatuses.False, ConditionReasons.Reconciled);
        status.Message.ShouldBeNull();
    }

    [Fact]
    public void Ready_stays_unknown_while_one_dependent_is_unknown()
    {
        var status = new ManagedContainerStatus();
        status.InitializeConditions(T0);
        foreach (var type in ManagedContainerConditionSet.Dependents.Where(t => t != ConditionTypes.IngressReady))
        {
            status.MarkNotRequired(type, T0);
        }

        status.MarkIngressPending("waiting for an address", T1);

        ShouldHave(status, ConditionTypes.Ready, ConditionStatuses.Unknown, ConditionReasons.Pending);
        ShouldHave(status, ConditionTypes.Reconciling, ConditionStatuses.True, ConditionReasons.Pending);
        status.Message.ShouldBe("waiting for an address");
    }

    [Fact]
    public void Missing_dependents_keep_ready_unknown()
    {
        var status = new ManagedContainerStatus();

        status.MarkDeploymentAvailable(T0);

        ShouldHave(status, ConditionTypes.Ready, ConditionStatuses.Unknown, ConditionReasons.Initializing);
    }

    public static TheoryData<string> Causes() =>
    [
        ConditionReasons.ImagePullFailed,
        ConditionReasons.Unschedulable,
        ConditionReasons.CrashLooping,
        ConditionReasons.OOMKilled,
        ConditionReasons.HealthCheckFailing,
        ConditionReasons.SandboxUnavailable,
        ConditionReasons.QuotaExceeded,
        ConditionReasons.HostConflict,
        ConditionReasons.ProgressDeadlineExceeded,
        ConditionReasons.RolledBack,
        ConditionReasons.InvalidSpec,
    ];

    [Theory]
    [MemberData(nameof(Causes))]
    public void The_cause_reaches_ready_as_its_reason(string cause)
    {
        var status = ReadyPersistentWorker(T0);

        Fail(status, cause, T1);

        var ready = status.GetCondition(ConditionTypes.Ready)!;
        ready.Status.ShouldBe(ConditionStatuses.False);
        ready.Reason.ShouldBe(cause);
        ready.Message.ShouldNotBeNullOrEmpty();
        ready.LastTransitionTime.ShouldBe(T1.UtcDateTime);
        status.Message.ShouldBe(ready.Message);
        ShouldHave(status, ConditionTypes.Reconciling, ConditionStatuses.False, ConditionReasons.Reconciled);
    }

    [Fact]
    public void Causes_list_every_reason_api_md_names() =>
        Causes().Select(row => row.Data).ShouldBe(
        [
            "ImagePullFailed", "Unschedulable", "CrashLooping", "OOMKilled", "HealthCheckFailing", "SandboxUnavailable",
            "QuotaExceeded", "HostConflict", "ProgressDeadlineExceeded", "RolledBack", "InvalidSpec",
        ]);

    [Fact]
    public void Crash_looping_keeps_the_exit_code_in_the_message()
    {
        var status = ReadyPersistentWorker(T0);

        status.MarkDeploymentUnavailable(ConditionReasons.CrashLooping, "container exited with code 137, restarted 5 times", T1);

        status.GetCondition(ConditionTypes.Ready)!.Message.ShouldContain("code 137");
    }

    [Fact]
    public void Transition_time_is_kept_while_the_status_does_not_change()
    {
        var status = ReadyPersistentWorker(T0);

        status.MarkDeploymentAvailable(T1);
        status.MarkNetworkPolicyApplied(T2);

        status.Conditions!.ShouldAllBe(c => c.LastTransitionTime == T0.UtcDateTime);
    }

    [Fact]
    public void Reason_and_message_change_without_a_new_transition_time()
    {
        var status = ReadyPersistentWorker(T0);
        status.MarkDeploymentUnavailable(ConditionReasons.ImagePullFailed, "pull failed", T1);

        status.MarkDeploymentUnavailable(ConditionReasons.CrashLooping, "exit code 1", T2);

        var ready = status.GetCondition(ConditionTypes.Ready)!;
        ready.Reason.ShouldBe(ConditionReasons.CrashLooping);
        ready.Message.ShouldBe("exit code 1");
        ready.LastTransitionTime.ShouldBe(T1.UtcDateTime);
        status.GetCondition(ConditionTypes.DeploymentAvailable)!.LastTransitionTime.ShouldBe(T1.UtcDateTime);
    }

    [Fact]
    public void Transition_time_moves_when_the_status_changes_back()
    {
        var status = ReadyPersistentWorker(T0);
        status.MarkDeploymentUnavailable(ConditionReasons.OOMKilled, "killed", T1);

        status.MarkDeploymentAvailable(T2);

        status.GetCondition(ConditionTypes.DeploymentAvailable)!.LastTransitionTime.ShouldBe(T2.UtcDateTime);
        status.GetCondition(ConditionTypes.Ready)!.LastTransitionTime.ShouldBe(T2.UtcDateTime);
        status.IsReady().ShouldBeTrue();
    }

    [Fact]
    public void Transition_times_are_whole_seconds_in_utc()
    {
        var status = new ManagedContainerStatus();
        var now = new DateTimeOffset(2025, 3, 4, 7, 6, 7, 890, TimeSpan.FromHours(2));

        status.MarkDeploymentAvailable(now);

        var time = status.GetCondition(ConditionTypes.DeploymentAvailable)!.LastTransitionTime;
        time.ShouldBe(new DateTime(2025, 3, 4, 5, 6, 7, DateTimeKind.Utc));
        time.Kind.ShouldBe(DateTimeKind.Utc);
    }

    [Fact]
    public void A_failure_beats_an_unknown_and_root_causes_come_first()
    {
        var status = new ManagedContainerStatus();
        status.InitializeConditions(T0);

        status.MarkDeploymentUnavailable(ConditionReasons.Unschedulable, "0/3 nodes available", T1);
        status.GetCondition(ConditionTypes.Ready)!.Reason.ShouldBe(ConditionReasons.Unschedulable);

        status.MarkSandboxUnavailable("kata", "no RuntimeClass kata-qemu", T1);
        status.GetCondition(ConditionTypes.Ready)!.Reason.ShouldBe(ConditionReasons.SandboxUnavailable);
        status.Message.ShouldBe("sandbox kata: no RuntimeClass kata-qemu");
    }

    [Fact]
    public void Stalled_wins_over_everything_until_cleared()
    {
        var status = ReadyPersistentWorker(T0);
        status.MarkStopped(T1);

        status.MarkInvalidSpec("spec.env: Invalid value: \"1X\": must match [A-Za-z_][A-Za-z0-9_]*", T1);

        ShouldHave(status, ConditionTypes.Ready, ConditionStatuses.False, ConditionReasons.InvalidSpec);
        ShouldHave(status, ConditionTypes.Stalled, ConditionStatuses.True, ConditionReasons.InvalidSpec);
        status.Message.ShouldStartWith("spec.env: Invalid value");

        status.MarkNotStalled(T2);

        ShouldHave(status, ConditionTypes.Ready, ConditionStatuses.False, ConditionReasons.Stopped);
    }

    [Fact]
    public void Stopped_and_expired_suspend_and_resume()
    {
        var status = ReadyPersistentWorker(T0);

        status.MarkStopped(T1);
        ShouldHave(status, ConditionTypes.Suspended, ConditionStatuses.True, ConditionReasons.Stopped);
        ShouldHave(status, ConditionTypes.Ready, ConditionStatuses.False, ConditionReasons.Stopped);

        status.MarkExpired(T1, T2);
        ShouldHave(status, ConditionTypes.Ready, ConditionStatuses.False, ConditionReasons.Expired);
        status.Message!.ShouldContain("expired at 2025-03-04T05:07:07Z");
        status.GetCondition(ConditionTypes.Suspended)!.LastTransitionTime.ShouldBe(T1.UtcDateTime);

        status.MarkNotSuspended(T2);
        status.IsReady().ShouldBeTrue();
        status.Message.ShouldBeNull();
    }

    [Fact]
    public void A_reconcile_copy_keeps_the_stored_transition_time_of_a_condition_it_clears_and_finds_again()
    {
        var stored = ReadyPersistentWorker(T0);
        stored.MarkProgressDeadlineExceeded("v2 not ready after 600s", T1);

        // The next reconcile clears Stalled at its start and the workload step finds the deadline exceeded again.
        var status = stored.CopyForReconcile();
        status.MarkNotStalled(T2);
        status.MarkProgressDeadlineExceeded("v2 not ready after 600s", T2);

        status.GetCondition(ConditionTypes.Stalled)!.LastTransitionTime.ShouldBe(T1.UtcDateTime);
        status.GetCondition(ConditionTypes.Ready)!.LastTransitionTime.ShouldBe(T1.UtcDateTime);
        stored.GetCondition(ConditionTypes.Stalled)!.Status.ShouldBe(ConditionStatuses.True, "the copy is deep: the stored status is untouched");
    }

    [Fact]
    public void A_reconcile_copy_stamps_a_real_transition_with_the_reconcile_time()
    {
        var stored = ReadyPersistentWorker(T0);
        stored.MarkProgressDeadlineExceeded("v2 not ready after 600s", T1);

        var status = stored.CopyForReconcile();
        status.MarkNotStalled(T2);
        status.MarkDeploymentAvailable(T2);

        status.GetCondition(ConditionTypes.Stalled)!.LastTransitionTime.ShouldBe(T2.UtcDateTime);
        status.GetCondition(ConditionTypes.Ready)!.LastTransitionTime.ShouldBe(T2.UtcDateTime);
        status.IsReady().ShouldBeTrue();
    }

    [Fact]
    public void Progress_deadline_marks_the_deployment_and_stalls()
    {
        var status = ReadyPersistentWorker(T0);

        status.MarkProgressDeadlineExceeded("v2 not ready after 600s", T1);

        ShouldHave(status, ConditionTypes.DeploymentAvailable, ConditionStatuses.False, ConditionReasons.ProgressDeadlineExceeded);
        ShouldHave(status, ConditionTypes.Stalled, ConditionStatuses.True, ConditionReasons.ProgressDeadlineExceeded);
        ShouldHave(status, ConditionTypes.Ready, ConditionStatuses.False, ConditionReasons.ProgressDeadlineExceeded);
    }

    [Fact]
    public void Rolled_back_names_both_images_and_records_the_one_serving()
    {
        var status = ReadyPersistentWorker(T0);

        status.MarkRolledBack("web:v2", "web:v1", "health check failing", T1);

        status.Image.ShouldBe("web:v1");
        status.Message.ShouldBe("rolled back from web:v2 to web:v1: health check failing");
        ShouldHave(status, ConditionTypes.Ready, ConditionStatuses.False, ConditionReasons.RolledBack);
    }

    [Fact]
    public void One_shot_is_ready_when_the_job_completes()
    {
        var status = new ManagedContainerStatus();
        status.InitializeConditions(T0);
        foreach (var type in ManagedContainerConditionSet.Dependents.Where(t => t != ConditionTypes.JobComplete))
        {
            status.MarkNotRequired(type, T0);
        }

        status.MarkJobRunning(T0);
        ShouldHave(status, ConditionTypes.Ready, ConditionStatuses.Unknown, ConditionReasons.JobRunning);

        status.MarkJobSucceeded(T1);
        status.IsReady().ShouldBeTrue();

        status.MarkJobFailed(ConditionReasons.JobFailed, "exit code 2", T2);
        ShouldHave(status, ConditionTypes.Ready, ConditionStatuses.False, ConditionReasons.JobFailed);
        ShouldHave(status, ConditionTypes.Stalled, ConditionStatuses.True, ConditionReasons.JobFailed);
    }

    [Fact]
    public void Not_owned_children_fail_their_condition_with_the_name()
    {
        var status = ReadyPersistentWorker(T0);

        status.MarkIngressNotOwned("web", T1);

        ShouldHave(status, ConditionTypes.IngressReady, ConditionStatuses.False, ConditionReasons.NotOwned);
        status.Message.ShouldBe("there is an existing Ingress web that this ManagedContainer does not own");
    }

    [Fact]
    public void Only_dependents_can_be_not_required()
    {
        var status = new ManagedContainerStatus();

        Should.Throw<ArgumentException>(() => status.MarkNotRequired(ConditionTypes.Ready, T0));
        Should.Throw<ArgumentException>(() => status.MarkNotRequired(ConditionTypes.Stalled, T0));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a reason")]
    [InlineData("1Bad")]
    public void Invalid_reasons_are_refused_before_the_apiserver_would(string reason) =>
        Should.Throw<ArgumentException>(() => new ManagedContainerStatus().MarkDeploymentUnavailable(reason, "m", T0));

    [Fact]
    public void Long_messages_are_cut_to_the_condition_limit()
    {
        var status = new ManagedContainerStatus();

        status.MarkInvalidSpec(new string('x', 40_000), T0);

        status.GetCondition(ConditionTypes.Stalled)!.Message.Length.ShouldBe(ManagedContainerConditionSet.MaxMessageLength);
    }

    [Fact]
    public void Foreign_conditions_are_kept_after_ours()
    {
        var status = new ManagedContainerStatus
        {
            Conditions = [new V1Condition { Type = "example.com/Audited", Status = "True", Reason = "Done", Message = string.Empty }],
        };

        status.InitializeConditions(T0);

        status.Conditions!.Last().Type.ShouldBe("example.com/Audited");
        status.Conditions!.Count.ShouldBe(ManagedContainerConditionSet.All.Count + 1);
    }

    [Fact]
    public void Replicas_propagate_with_the_ready_text()
    {
        var status = new ManagedContainerStatus();

        status.PropagateReplicas(3, 2);

        status.Replicas.ShouldBe(3);
        status.ReadyReplicas.ShouldBe(2);
        status.Ready.ShouldBe("2/3");
    }

    [Fact]
    public void Dependents_are_the_children_of_api_md()
    {
        ManagedContainerConditionSet.Dependents.ShouldBe(
        [
            ConditionTypes.RuntimeClassAvailable,
            ConditionTypes.VolumesBound,
            ConditionTypes.DeploymentAvailable,
            ConditionTypes.JobComplete,
            ConditionTypes.ServiceReady,
            ConditionTypes.IngressReady,
            ConditionTypes.NetworkPolicyApplied,
        ]);
        ManagedContainerConditionSet.All.Take(4).ShouldBe(
            [ConditionTypes.Ready, ConditionTypes.Reconciling, ConditionTypes.Stalled, ConditionTypes.Suspended]);
    }

    /// <summary>A persistent web container whose every child is in place.</summary>
    private static ManagedContainerStatus ReadyPersistentWorker(DateTimeOffset now)
    {
        var status = new ManagedContainerStatus();
        status.InitializeConditions(now);
        status.MarkRuntimeClassAvailable(now);
        status.MarkNotRequired(ConditionTypes.VolumesBound, now);
        status.MarkDeploymentAvailable(now);
        status.MarkNotRequired(ConditionTypes.JobComplete, now);
        status.MarkServiceReady(now);
        status.MarkIngressReady(now);
        status.MarkNetworkPolicyApplied(now);
        status.IsReady().ShouldBeTrue();
        return status;
    }

    private static void Fail(ManagedContainerStatus status, string cause, DateTimeOffset now)
    {
        switch (cause)
        {
            case ConditionReasons.SandboxUnavailable:
                status.MarkSandboxUnavailable("gvisor", "RuntimeClass gvisor not found", now);
                break;
            case ConditionReasons.HostConflict:
                status.MarkHostConflict("web.example.com", now);
                break;
            case ConditionReasons.ProgressDeadlineExceeded:
                status.MarkProgressDeadlineExceeded("not ready after 600s", now);
                break;
            case ConditionReasons.RolledBack:
                status.MarkRolledBack("web:v2", "web:v1", "crash looping", now);
                break;
            case ConditionReasons.InvalidSpec:
                status.MarkInvalidSpec("spec.resources.cpu: must be at most 4", now);
                break;
            default:
                status.MarkDeploymentUnavailable(cause, $"{cause} observed on the pods", now);
                break;
        }
    }

    private static void ShouldHave(ManagedContainerStatus status, string type, string expectedStatus, string reason)
    {
        var condition = status.GetCondition(type);
        condition.ShouldNotBeNull($"{type} is missing");
        condition.Status.ShouldBe(expectedStatus, $"{type}.status");
        condition.Reason.ShouldBe(reason, $"{type}.reason");
    }
}
