using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.ManagedContainers.Resources;
using KubeContainers.Operator.ManagedContainers.Status;
using KubeContainers.Runtime.Children;
using KubeContainers.Runtime.Client;
using Microsoft.Extensions.Logging;

namespace KubeContainers.Operator.ManagedContainers;

internal sealed partial class ManagedContainerReconciler
{
    /// <param name="blocker">What an earlier step found that must keep the workload from starting or changing.</param>
    /// <returns>Whether a new version went out, for the Events.</returns>
    private async Task<Rollout> SyncWorkloadAsync(ReconcileState state, WorkloadBlocker? blocker, CancellationToken ct)
    {
        var key = new ObjectKey(state.Namespace, Names.Workload(state.Name));
        if (blocker is not null)
        {
            // Existing pods are left as they are (nothing running is lost); nothing new starts unprotected.
            var condition = state.Observed.Spec.Mode == WorkloadModes.OneShot ? ConditionTypes.DeploymentAvailable : ConditionTypes.JobComplete;
            state.Status.MarkNotRequired(condition, state.Now);
            state.Status.MarkWorkloadBlocked(state.Observed.Spec.Mode == WorkloadModes.OneShot, $"not started: {blocker.Cause}", state.Now, blocker.Reason);
            return Rollout.None;
        }

        if (state.Observed.Spec.Mode == WorkloadModes.OneShot)
        {
            Refused(state, await children.SyncAsync<V1Deployment>(key, null, Owned<V1Deployment>(state), ct).ConfigureAwait(false), "Deployment", key.Name, null);
            state.Status.MarkNotRequired(ConditionTypes.DeploymentAvailable, state.Now);
            return await SyncJobAsync(state, key, ct).ConfigureAwait(false);
        }

        Refused(state, await children.SyncAsync<V1Job>(key, null, Owned<V1Job>(state), ct).ConfigureAwait(false), "Job", key.Name, null);
        state.Status.MarkNotRequired(ConditionTypes.JobComplete, state.Now);
        return await SyncDeploymentAsync(state, key, ct).ConfigureAwait(false);
    }

    private async Task<Rollout> SyncDeploymentAsync(ReconcileState state, ObjectKey key, CancellationToken ct)
    {
        var desired = DeploymentResource.Make(state.Input)!;
        TemplateHash.Stamp(desired.Metadata, desired.Spec.Template);
        var before = caches.Deployments.Get(key);
        var result = await children.SyncAsync(key, desired, Owned<V1Deployment>(state), ct).ConfigureAwait(false);
        Note(state, result, "Deployment");
        if (Refused(state, result, "Deployment", key.Name, ConditionTypes.DeploymentAvailable))
        {
            return Rollout.None;
        }

        if (result.Outcome == ChildSyncOutcome.NotOwned)
        {
            state.Status.ForgetWorkload();
            state.Status.MarkDeploymentUnavailable(
                ConditionReasons.NotOwned, $"there is an existing Deployment {key.Name} that this ManagedContainer does not own", state.Now);
            return Rollout.None;
        }

        var deployed = NoteDeployed(state, result.Wrote, TemplateHash.Of(before?.Metadata), TemplateHash.Of(desired.Metadata));
        var image = desired.Spec.Template.Spec.Containers[0].Image;
        var previousImage = before?.Spec.Template.Spec.Containers[0].Image;
        var restarted = deployed && before is not null && RestartedAt(before.Spec.Template) != RestartedAt(desired.Spec.Template)
            && previousImage == image;
        if (deployed || (result.Wrote && before is null && state.Status.History is not { Count: > 0 }))
        {
            // A hand-deleted Deployment coming back is not a new version: only the first creation opens the history.
            RolloutHistory.Started(state.Status, image, RolloutHistory.Change(previousImage, image, restarted, state.Observed.Metadata.Generation), state.Now);
        }

        var done = new Rollout(deployed, restarted);
        var deployment = result.Current!;
        var pods = InNamespace(caches.Pods.ListByLabel(Labels.Container, state.Name), state.Namespace);
        var replicaSets = InNamespace(caches.ReplicaSets.ListByLabel(Labels.Container, state.Name), state.Namespace);
        var events = InNamespace(caches.Events.ListByLabel(Labels.Container, state.Name), state.Namespace);
        var grace = HealthCheckGrace.For(desired.Spec.Template.Spec.Containers[0]);
        var podsNow = PodDiagnosis.Diagnose(DeploymentPods.CurrentPods(deployment, replicaSets, pods), state.Now, events, grace);
        var rollout = DeploymentDiagnosis.From(deployment, DeploymentPods.CurrentReplicaSet(deployment, replicaSets), events);
        podsNow.CopyChecksTo(state.Status.Checks!);
        state.Status.PropagateReplicas(rollout.DesiredReplicas, rollout.ReadyReplicas);
        (state.Status.ExitCode, state.Status.CompletedAt) = (null, null);

        if (rollout.Available)
        {
            state.Status.MarkDeploymentAvailable(state.Now);
            state.Status.Image = desired.Spec.Template.Spec.Containers[0].Image;
        }
        else if (rollout.ProgressDeadlineExceeded)
        {
            var cause = podsNow.Cause?.Message ?? rollout.Cause!.Message;
            var attempted = desired.Spec.Template.Spec.Containers[0].Image;
            if (state.Input.ServingImage is null && Rollbacks.ShouldRollBack(state.Observed, state.Status.LastHealthyImage, attempted))
            {
                await RollBackAsync(state, key, attempted, cause, ct).ConfigureAwait(false);
                return done;
            }

            state.Status.MarkProgressDeadlineExceeded(cause, state.Now);
        }
        else if ((rollout.Cause ?? podsNow.Cause) is { } cause)
        {
            MarkWorkloadCause(state, cause, (reason, message) => state.Status.MarkDeploymentUnavailable(reason, message, state.Now));
        }
        else
        {
            state.Status.MarkDeploymentProgressing(
                // No live counts: they would rewrite the status at every step of the rollout (status.ready has the count).
                $"rolling out Deployment {key.Name}",
                state.Now);
            if (podsNow.Running && !podsNow.HealthCheckPassing)
            {
                // Not failing yet, only because the probe's grace has not run out: look again when it has.
                state.RequeueWithin(grace);
            }
        }

        return done;
    }

    /// <summary>The new version missed its deadline: serve the last healthy image again. The old pods never
    /// stopped serving (maxUnavailable 0), so this only retires the failed ReplicaSet.</summary>
    private async Task RollBackAsync(ReconcileState state, ObjectKey key, string failedImage, string cause, CancellationToken ct)
    {
        var restored = state.Status.LastHealthyImage!;
        var previous = DeploymentResource.Make(state.Input with { ServingImage = restored })!;
        TemplateHash.Stamp(previous.Metadata, previous.Spec.Template);
        if (Refused(state, await children.SyncAsync(key, previous, Owned<V1Deployment>(state), ct).ConfigureAwait(false), "Deployment", key.Name,
            ConditionTypes.DeploymentAvailable))
        {
            return;
        }

        state.Status.MarkRolledBack(failedImage, restored, cause, state.Now);
        state.Status.MarkDeploymentProgressing($"rolling back Deployment {key.Name} to {restored}", state.Now);
        logger.LogWarning("Rolled back from {Failed} to {Restored}: {Cause}", failedImage, restored, cause);
    }

    private async Task<Rollout> SyncJobAsync(ReconcileState state, ObjectKey key, CancellationToken ct)
    {
        var desired = JobResource.Make(state.Input)!;
        TemplateHash.Stamp(desired.Metadata, desired.Spec.Template);
        var options = Owned<V1Job>(state) with
        {
            // A Job's template cannot change: a new one means a new run. The apiserver generated its selector and
            // labels into the template; an in-place update (suspend) must carry them.
            RequiresRecreate = (have, want) => TemplateHash.Of(have.Metadata) != TemplateHash.Of(want.Metadata),
            Preserve = (have, update) =>
                (update.Spec.Selector, update.Spec.Template, update.Spec.ManualSelector) = (have.Spec.Selector, have.Spec.Template, have.Spec.ManualSelector),
        };
        var before = caches.Jobs.Get(key);
        var result = await children.SyncAsync(key, desired, options, ct).ConfigureAwait(false);
        Note(state, result, "Job");
        if (Refused(state, result, "Job", key.Name, ConditionTypes.JobComplete))
        {
            return Rollout.None;
        }

        if (result.Outcome == ChildSyncOutcome.NotOwned)
        {
            state.Status.ForgetWorkload();
            state.Status.MarkJobFailed(ConditionReasons.NotOwned, $"there is an existing Job {key.Name} that this ManagedContainer does not own", state.Now);
            return Rollout.None;
        }

        var done = new Rollout(NoteDeployed(state, result.Wrote, TemplateHash.Of(before?.Metadata), TemplateHash.Of(desired.Metadata)), Restarted: false);
        if (result.Current is not { } job)
        {
            state.Status.MarkJobRunning(state.Now);
            return done;
        }

        var pods = InNamespace(caches.Pods.ListByLabel(Labels.Container, state.Name), state.Namespace);
        var events = InNamespace(caches.Events.ListByLabel(Labels.Container, state.Name), state.Namespace);
        var run = JobDiagnosis.From(job, pods, state.Now, events);
        run.Pods.CopyChecksTo(state.Status.Checks!);
        state.Status.PropagateReplicas(job.Spec.Parallelism ?? 1, job.Status?.Ready ?? 0);
        state.Status.Image = desired.Spec.Template.Spec.Containers[0].Image;
        state.Status.ExitCode = run.ExitCode;
        state.Status.CompletedAt = run.CompletionTime;
        if (run.Succeeded)
        {
            state.Status.MarkJobSucceeded(state.Now);
        }
        else if (run.Failed)
        {
            state.Status.MarkJobFailed(run.Cause!.Reason, run.Cause.Message, state.Now);
        }
        else if (run.Cause is { } blocked)
        {
            MarkWorkloadCause(state, blocked, (reason, message) => state.Status.MarkJobBlocked(reason, message, state.Now));
        }
        else
        {
            state.Status.MarkJobRunning(state.Now);
        }

        return done;
    }

    /// <summary>The workload's blocking cause; a sandbox the pods cannot get is the RuntimeClass's to say, naming the
    /// handler and how to choose another sandbox.</summary>
    private void MarkWorkloadCause(ReconcileState state, WorkloadCause cause, Action<string, string> mark)
    {
        if (cause.Reason == ConditionReasons.SandboxUnavailable && state.Status.RuntimeClassName is not null)
        {
            var profile = SandboxSelection.Profile(state.Input);
            state.Status.MarkSandboxUnavailable(profile.Name, SandboxDiagnosis.Advice(profile.Handler, cause.Message), state.Now);
            state.Status.Checks!.SandboxAvailable = false;
        }

        mark(cause.Reason, cause.Message);
    }

    /// <returns>Whether a new version (a changed template) went out.</returns>
    private static bool NoteDeployed(ReconcileState state, bool wrote, string? previousTemplate, string? desiredTemplate)
    {
        if (!wrote)
        {
            return false;
        }

        if (previousTemplate is null)
        {
            // The first workload is a deploy; a hand-deleted one coming back is not a new version.
            state.Status.LastDeployedAt ??= state.Now;
            return false;
        }

        if (previousTemplate != desiredTemplate)
        {
            state.Status.LastDeployedAt = state.Now;
            return true;
        }

        return false;
    }

    private static string? RestartedAt(V1PodTemplateSpec template) =>
        template.Metadata?.Annotations is { } annotations && annotations.TryGetValue(Labels.RestartedAtAnnotation, out var at) ? at : null;

    private static List<T> InNamespace<T>(IReadOnlyList<T> objects, string @namespace)
        where T : class, k8s.IKubernetesObject<V1ObjectMeta> =>
        [.. objects.Where(o => o.Metadata.NamespaceProperty == @namespace)];
}
