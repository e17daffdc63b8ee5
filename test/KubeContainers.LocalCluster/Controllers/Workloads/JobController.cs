using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Controllers.Workloads;

/// <summary>
/// The Job controller: keeps min(parallelism, remaining completions) pods running, counts succeeded and failed pods
/// (a failed pod's exit code stays in its containerStatuses), and finishes the Job as 1.31 does: SuccessCriteriaMet
/// then Complete (CompletionsReached), or FailureTarget then Failed (BackoffLimitExceeded when failures exceed
/// backoffLimit, or restarts reach it for OnFailure; DeadlineExceeded after activeDeadlineSeconds), deleting what still
/// runs. suspend deletes active pods. Simplified: Indexed Jobs run as NonIndexed, failed pods are replaced without the
/// exponential delay, and pods carry no job-tracking finalizer (counts only grow, so deleting a pod loses nothing).
/// </summary>
internal sealed class JobController(EventRecorder events, TimeProvider clock) : ReconcileLoop(clock)
{
    private const string Component = "job-controller";
    private static readonly WriteOptions Write = WriteOptions.System("kube-controller-manager");

    protected override IReadOnlyCollection<string> Watches { get; } = [BuiltinResources.Jobs.StorageKey, BuiltinResources.Pods.StorageKey];

    protected override IEnumerable<string> InitialKeys(ResourceService api) =>
        api.List(BuiltinResources.Jobs, null, new ListOptions()).Items.Select(o => o.Key);

    protected override IEnumerable<string> KeysFor(ResourceService api, WatchEvent change)
    {
        if (change.StorageKey == BuiltinResources.Jobs.StorageKey)
        {
            return change.Type == WatchEvent.Deleted ? [] : [change.Object.Key];
        }

        return change.StorageKey == BuiltinResources.Pods.StorageKey && change.Object.ControllerKey("Job") is { } key
            ? [key]
            : [];
    }

    protected override TimeSpan? Reconcile(ResourceService api, string key)
    {
        var (ns, name) = SplitKey(key);
        if (api.TryGet(BuiltinResources.Jobs, ns, name) is not { } job || job.IsDeleting())
        {
            return null;
        }

        var status = job.ObjectAt("status")?.DeepClone() as JsonObject ?? new JsonObject();
        if (Conditions.IsTrue(status, "Complete") || Conditions.IsTrue(status, "Failed"))
        {
            return null;
        }

        var spec = job.Child("spec");
        var pods = Owners.Controlled(api, BuiltinResources.Pods, job);
        var active = pods.Where(Pods.IsActive).ToList();
        var succeeded = Math.Max(status.Int("succeeded", 0), pods.Count(p => Pods.Phase(p) == "Succeeded"));
        var failed = Math.Max(status.Int("failed", 0), pods.Count(p => Pods.Phase(p) == "Failed"));
        var completions = spec.Long("completions");
        var parallelism = Math.Max(0, spec.Int("parallelism", 1));
        var backoffLimit = spec.Long("backoffLimit") ?? 6;
        var suspended = spec.Bool("suspend") == true;
        if (!suspended && status["startTime"] is null)
        {
            status["startTime"] = ObjectMeta.Timestamp(Now);
        }

        TimeSpan? recheck = null;
        var (failureReason, failureMessage) = Failure(spec, status, active, failed, backoffLimit, ref recheck);
        var complete = completions is { } c ? succeeded >= c : succeeded > 0 && active.Count == 0;
        if (failureReason is not null || complete)
        {
            DeletePods(api, active);
            active.Clear();
            if (failureReason is not null)
            {
                AddCondition(status, "FailureTarget", failureReason, failureMessage!);
                AddCondition(status, "Failed", failureReason, failureMessage!);
                events.Record(api, job, EventRecorder.Warning, failureReason, failureMessage!, Component);
            }
            else
            {
                AddCondition(status, "SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods");
                AddCondition(status, "Complete", "CompletionsReached", "Reached expected number of succeeded pods");
                status["completionTime"] = ObjectMeta.Timestamp(Now);
                events.Record(api, job, EventRecorder.Normal, "Completed", "Job completed", Component);
            }

            recheck = null;
        }
        else if (suspended)
        {
            DeletePods(api, active);
            active.Clear();
            SetCondition(status, "Suspended", "True", "JobSuspended", "Job suspended");
        }
        else
        {
            if (Conditions.IsTrue(status, "Suspended"))
            {
                SetCondition(status, "Suspended", "False", "JobResumed", "Job resumed");
            }

            var wanted = completions is { } total ? (int)Math.Min(parallelism, Math.Max(0, total - succeeded)) : succeeded > 0 ? active.Count : parallelism;
            for (var i = active.Count; i < wanted; i++)
            {
                var pod = Pods.FromTemplate(job, spec.ObjectAt("template") ?? new JsonObject(), job.Name() + "-");
                try
                {
                    var created = api.Create(BuiltinResources.Pods, ns, pod, Write);
                    active.Add(created);
                    events.Record(api, job, EventRecorder.Normal, "SuccessfulCreate", $"Created pod: {created.Name()}", Component);
                }
                catch (ApiException e) when (e.Code != 409)
                {
                    events.Record(api, job, EventRecorder.Warning, "FailedCreate", $"Error creating: {e.Message}", Component);
                    recheck = TimeSpan.FromSeconds(2);
                    break;
                }
            }

            foreach (var extra in active.OrderByDescending(p => p.Metadata().Str("creationTimestamp"), StringComparer.Ordinal).Take(Math.Max(0, active.Count - wanted)).ToList())
            {
                DeletePods(api, [extra]);
                active.Remove(extra);
            }
        }

        SetCounts(status, active, succeeded, failed);
        if (!JsonFields.SameContent(job["status"], status))
        {
            job["status"] = status;
            api.Update(BuiltinResources.Jobs, ns, name, job, "status", Write);
        }

        return recheck;
    }

    /// <summary>Why the Job fails now, if it does; <paramref name="recheck"/> is set to when activeDeadlineSeconds runs out.</summary>
    private (string? Reason, string? Message) Failure(JsonObject spec, JsonObject status, List<JsonObject> active, int failed, long backoffLimit, ref TimeSpan? recheck)
    {
        if (failed > backoffLimit)
        {
            return ("BackoffLimitExceeded", "Job has reached the specified backoff limit");
        }

        var restarts = active.SelectMany(p => p.ObjectAt("status").Objects("containerStatuses").Concat(p.ObjectAt("status").Objects("initContainerStatuses")))
            .Sum(s => s.Int("restartCount", 0));
        if (spec.ObjectAt("template")?.ObjectAt("spec").Str("restartPolicy") == "OnFailure" && (backoffLimit == 0 ? restarts > 0 : restarts >= backoffLimit))
        {
            return ("BackoffLimitExceeded", "Job has reached the specified backoff limit");
        }

        if (spec.Long("activeDeadlineSeconds") is { } deadline &&
            DateTimeOffset.TryParse(status.Str("startTime"), System.Globalization.CultureInfo.InvariantCulture, out var started))
        {
            var left = started + TimeSpan.FromSeconds(deadline) - Now;
            if (left <= TimeSpan.Zero)
            {
                return ("DeadlineExceeded", "Job was active longer than specified deadline");
            }

            recheck = left + TimeSpan.FromMilliseconds(1100);
        }

        return (null, null);
    }

    private static void DeletePods(ResourceService api, List<JsonObject> pods)
    {
        foreach (var pod in pods)
        {
            try
            {
                api.Delete(BuiltinResources.Pods, pod.Namespace(), pod.Name(), new DeleteOptions(PreconditionUid: pod.Uid()));
            }
            catch (ApiException e) when (e.Code is 404 or 409)
            {
                // Already gone, or replaced by a newer pod of the same name.
            }
        }
    }

    private static void SetCounts(JsonObject status, List<JsonObject> active, int succeeded, int failed)
    {
        SetOrOmit(status, "active", active.Count);
        SetOrOmit(status, "succeeded", succeeded);
        SetOrOmit(status, "failed", failed);
        status["terminating"] = 0;
        status["ready"] = active.Count(Pods.IsReady);
        status["uncountedTerminatedPods"] = new JsonObject();
    }

    private static void SetOrOmit(JsonObject status, string field, int value)
    {
        if (value == 0)
        {
            status.Remove(field);
        }
        else
        {
            status[field] = value;
        }
    }

    /// <summary>A terminal condition, added once, with lastProbeTime and lastTransitionTime now (as newCondition does).</summary>
    private void AddCondition(JsonObject status, string type, string reason, string message)
    {
        if (Conditions.Find(status, type) is null)
        {
            SetCondition(status, type, "True", reason, message);
        }
    }

    private void SetCondition(JsonObject status, string type, string conditionStatus, string reason, string message)
    {
        if (Conditions.Find(status, type) is { } current && current.Str("status") == conditionStatus && current.Str("reason") == reason)
        {
            return;
        }

        Conditions.Set(status, type, conditionStatus, reason, message, Now);
        var condition = Conditions.Find(status, type)!;
        var ordered = new JsonObject
        {
            ["type"] = type,
            ["status"] = conditionStatus,
            ["lastProbeTime"] = ObjectMeta.Timestamp(Now),
            ["lastTransitionTime"] = condition["lastTransitionTime"]?.DeepClone(),
            ["reason"] = reason,
            ["message"] = message,
        };
        var conditions = (JsonArray)status["conditions"]!;
        conditions[conditions.IndexOf(condition)] = ordered;
    }
}
