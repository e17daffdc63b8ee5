using System.Globalization;
using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Controllers.Workloads;

/// <summary>
/// The Deployment controller: one ReplicaSet per pod template (&lt;deploy&gt;-&lt;pod-template-hash&gt;, revision annotations
/// as upstream, the template's old ReplicaSet re-used and re-numbered on rollback), RollingUpdate within maxSurge and
/// maxUnavailable or Recreate, old ReplicaSets beyond revisionHistoryLimit deleted once the rollout is complete, and
/// status with the Available, Progressing (including ProgressDeadlineExceeded, measured from the condition's
/// lastUpdateTime) and ReplicaFailure conditions. Simplified: a scale during a rollout is not spread proportionally
/// across ReplicaSets; the rollout simply converges to the new size.
/// </summary>
internal sealed class DeploymentController(EventRecorder events, TimeProvider clock) : ReconcileLoop(clock)
{
    private const string Component = "deployment-controller";
    private const string Revision = "deployment.kubernetes.io/revision";
    private const string DesiredReplicas = "deployment.kubernetes.io/desired-replicas";
    private const string MaxReplicas = "deployment.kubernetes.io/max-replicas";
    private static readonly WriteOptions Write = WriteOptions.System("kube-controller-manager");
    private static readonly string[] NotCopiedAnnotations =
    [
        "kubectl.kubernetes.io/last-applied-configuration", Revision, "deployment.kubernetes.io/revision-history",
        DesiredReplicas, MaxReplicas, "deprecated.deployment.rollback.to",
    ];

    protected override IReadOnlyCollection<string> Watches { get; } = [BuiltinResources.Deployments.StorageKey, BuiltinResources.ReplicaSets.StorageKey];

    protected override IEnumerable<string> InitialKeys(ResourceService api) =>
        api.List(BuiltinResources.Deployments, null, new ListOptions()).Items.Select(o => o.Key);

    protected override IEnumerable<string> KeysFor(ResourceService api, WatchEvent change)
    {
        if (change.StorageKey == BuiltinResources.Deployments.StorageKey)
        {
            return [change.Object.Key];
        }

        return change.StorageKey == BuiltinResources.ReplicaSets.StorageKey && change.Object.ControllerKey("Deployment") is { } key
            ? [key]
            : [];
    }

    protected override TimeSpan? Reconcile(ResourceService api, string key)
    {
        var (ns, name) = SplitKey(key);
        if (api.TryGet(BuiltinResources.Deployments, ns, name) is not { } deployment || deployment.IsDeleting())
        {
            return null;
        }

        var spec = deployment.Child("spec");
        var template = spec.ObjectAt("template") ?? new JsonObject();
        var desired = Math.Max(0, spec.Int("replicas", 1));
        var paused = spec.Bool("paused") == true;
        var status = deployment.ObjectAt("status")?.DeepClone() as JsonObject ?? new JsonObject();
        var all = Owners.Controlled(api, BuiltinResources.ReplicaSets, deployment).Where(rs => !rs.IsDeleting()).ToList();
        var newRs = all.FirstOrDefault(rs => PodTemplateHash.SameTemplate(rs.ObjectAt("spec")?.ObjectAt("template"), template));
        var old = all.Where(rs => rs != newRs).OrderBy(RevisionOf).ThenBy(rs => rs.Metadata().Str("creationTimestamp"), StringComparer.Ordinal).ToList();
        var nextRevision = old.Select(RevisionOf).DefaultIfEmpty(0).Max() + 1;

        if (!paused)
        {
            if (newRs is null)
            {
                newRs = CreateReplicaSet(api, deployment, template, status, nextRevision, InitialReplicas(spec, desired, all));
                if (newRs is null)
                {
                    return WriteStatus(api, deployment, status);
                }

                SetDeploymentCondition(status, "Progressing", "True", "NewReplicaSetCreated", $"Created new replica set \"{newRs.Name()}\"");
            }
            else
            {
                newRs = EnsureRevision(api, deployment, newRs, Math.Max(RevisionOf(newRs), nextRevision), desired);
                if (Conditions.Find(status, "Progressing") is null)
                {
                    SetDeploymentCondition(status, "Progressing", "True", "FoundNewReplicaSet", $"Found new replica set \"{newRs.Name()}\"");
                }
            }

            if (spec.ObjectAt("strategy").Str("type") == "Recreate")
            {
                Recreate(api, deployment, newRs, old, desired);
            }
            else
            {
                RollingUpdate(api, deployment, newRs, old, desired);
            }

            deployment = EnsureDeploymentRevision(api, deployment, newRs);
        }

        return CalculateStatus(api, deployment, status, newRs, old, desired, paused);
    }

    private static long RevisionOf(JsonObject rs) =>
        long.TryParse(rs.Metadata().StringMap("annotations").GetValueOrDefault(Revision), CultureInfo.InvariantCulture, out var r) ? r : 0;

    /// <summary>The new ReplicaSet's first size: as many as the surge allows for RollingUpdate (NewRSNewReplicas); none yet for Recreate.</summary>
    private static int InitialReplicas(JsonObject spec, int desired, List<JsonObject> existing)
    {
        if (spec.ObjectAt("strategy").Str("type") == "Recreate" && existing.Any(rs => rs.ObjectAt("spec").Int("replicas", 0) > 0))
        {
            return 0;
        }

        var (surge, _) = Limits(spec, desired);
        var current = existing.Sum(rs => rs.ObjectAt("spec").Int("replicas", 0));
        return Math.Clamp(desired + surge - current, 0, desired);
    }

    private JsonObject? CreateReplicaSet(ResourceService api, JsonObject deployment, JsonObject template, JsonObject status, long revision, int replicas)
    {
        var collisions = status.Long("collisionCount") ?? 0;
        var hash = PodTemplateHash.Compute(template, collisions);
        var rsTemplate = (JsonObject)template.DeepClone();
        rsTemplate.Child("metadata").Child("labels")[PodTemplateHash.Label] = hash;
        var selector = deployment.ObjectAt("spec")?["selector"]?.DeepClone() as JsonObject ?? new JsonObject();
        selector.Child("matchLabels")[PodTemplateHash.Label] = hash;
        var annotations = deployment.Metadata().StringMap("annotations");
        foreach (var skipped in NotCopiedAnnotations)
        {
            annotations.Remove(skipped);
        }

        var desired = Math.Max(0, deployment.ObjectAt("spec").Int("replicas", 1));
        annotations[Revision] = revision.ToString(CultureInfo.InvariantCulture);
        annotations[DesiredReplicas] = desired.ToString(CultureInfo.InvariantCulture);
        annotations[MaxReplicas] = (desired + Limits(deployment.Child("spec"), desired).Surge).ToString(CultureInfo.InvariantCulture);
        var rs = new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ReplicaSet",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{deployment.Name()}-{hash}",
                ["namespace"] = deployment.Namespace(),
                ["labels"] = rsTemplate.ObjectAt("metadata")!["labels"]!.DeepClone(),
                ["annotations"] = annotations.ToJson(),
                ["ownerReferences"] = Owners.ControllerReference(deployment),
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["minReadySeconds"] = deployment.ObjectAt("spec").Long("minReadySeconds") ?? 0,
                ["selector"] = selector,
                ["template"] = rsTemplate,
            },
        };
        try
        {
            var created = api.Create(BuiltinResources.ReplicaSets, deployment.Namespace(), rs, Write);
            if (replicas > 0)
            {
                events.Record(api, deployment, EventRecorder.Normal, "ScalingReplicaSet", $"Scaled up replica set {created.Name()} from 0 to {replicas}", Component);
            }

            return created;
        }
        catch (ApiException e) when (e.Reason == "AlreadyExists")
        {
            // Another object holds the name: a hash collision. Count it so the next hash differs (upstream's collisionCount).
            status["collisionCount"] = collisions + 1;
            return null;
        }
    }

    private static JsonObject EnsureRevision(ResourceService api, JsonObject deployment, JsonObject rs, long revision, int desired)
    {
        var annotations = rs.Metadata().Child("annotations");
        var wanted = revision.ToString(CultureInfo.InvariantCulture);
        var desiredText = desired.ToString(CultureInfo.InvariantCulture);
        var maxText = (desired + Limits(deployment.Child("spec"), desired).Surge).ToString(CultureInfo.InvariantCulture);
        if (annotations.Str(Revision) == wanted && annotations.Str(DesiredReplicas) == desiredText && annotations.Str(MaxReplicas) == maxText)
        {
            return rs;
        }

        annotations[Revision] = wanted;
        annotations[DesiredReplicas] = desiredText;
        annotations[MaxReplicas] = maxText;
        return api.Update(BuiltinResources.ReplicaSets, rs.Namespace(), rs.Name(), rs, null, Write);
    }

    private static JsonObject EnsureDeploymentRevision(ResourceService api, JsonObject deployment, JsonObject newRs)
    {
        var revision = newRs.Metadata().StringMap("annotations").GetValueOrDefault(Revision);
        if (revision is null || deployment.Metadata().StringMap("annotations").GetValueOrDefault(Revision) == revision)
        {
            return deployment;
        }

        deployment.Metadata().Child("annotations")[Revision] = revision;
        return api.Update(BuiltinResources.Deployments, deployment.Namespace(), deployment.Name(), deployment, null, Write);
    }

    /// <summary>Recreate: every old pod goes first; the new ReplicaSet scales up once none is left.</summary>
    private void Recreate(ResourceService api, JsonObject deployment, JsonObject newRs, List<JsonObject> old, int desired)
    {
        var oldActive = false;
        for (var i = 0; i < old.Count; i++)
        {
            if (old[i].ObjectAt("spec").Int("replicas", 0) > 0)
            {
                old[i] = Scale(api, deployment, old[i], 0);
            }

            oldActive |= old[i].ObjectAt("status").Int("replicas", 0) > 0;
        }

        if (!oldActive && newRs.ObjectAt("spec").Int("replicas", 0) != desired)
        {
            Scale(api, deployment, newRs, desired);
        }
    }

    /// <summary>reconcileNewReplicaSet then reconcileOldReplicaSets, as upstream's rolloutRolling does.</summary>
    private void RollingUpdate(ResourceService api, JsonObject deployment, JsonObject newRs, List<JsonObject> old, int desired)
    {
        var (surge, unavailable) = Limits(deployment.Child("spec"), desired);
        var newSpec = newRs.ObjectAt("spec").Int("replicas", 0);
        var total = newSpec + old.Sum(rs => rs.ObjectAt("spec").Int("replicas", 0));
        if (newSpec > desired)
        {
            newRs = Scale(api, deployment, newRs, desired);
        }
        else if (newSpec < desired && total < desired + surge)
        {
            newRs = Scale(api, deployment, newRs, newSpec + Math.Min(desired + surge - total, desired - newSpec));
        }

        newSpec = newRs.ObjectAt("spec").Int("replicas", 0);
        var all = old.Sum(rs => rs.ObjectAt("spec").Int("replicas", 0)) + newSpec;
        var minAvailable = desired - unavailable;
        var newUnavailable = Math.Max(0, newSpec - newRs.ObjectAt("status").Int("availableReplicas", 0));
        var maxScaledDown = all - minAvailable - newUnavailable;
        if (maxScaledDown <= 0)
        {
            return;
        }

        // Unhealthy old replicas go first: removing them costs no availability.
        for (var i = 0; i < old.Count && maxScaledDown > 0; i++)
        {
            var replicas = old[i].ObjectAt("spec").Int("replicas", 0);
            var unhealthy = replicas - old[i].ObjectAt("status").Int("availableReplicas", 0);
            if (replicas > 0 && unhealthy > 0)
            {
                var by = Math.Min(unhealthy, maxScaledDown);
                old[i] = Scale(api, deployment, old[i], replicas - by);
                maxScaledDown -= by;
            }
        }

        var available = old.Sum(rs => Math.Min(rs.ObjectAt("spec").Int("replicas", 0), rs.ObjectAt("status").Int("availableReplicas", 0)))
            + newRs.ObjectAt("status").Int("availableReplicas", 0);
        var canRemove = available - minAvailable;
        for (var i = 0; i < old.Count && canRemove > 0; i++)
        {
            var replicas = old[i].ObjectAt("spec").Int("replicas", 0);
            if (replicas > 0)
            {
                var by = Math.Min(replicas, canRemove);
                old[i] = Scale(api, deployment, old[i], replicas - by);
                canRemove -= by;
            }
        }
    }

    private JsonObject Scale(ResourceService api, JsonObject deployment, JsonObject rs, int replicas)
    {
        var from = rs.ObjectAt("spec").Int("replicas", 0);
        if (from == replicas)
        {
            return rs;
        }

        rs.Child("spec")["replicas"] = replicas;
        var updated = api.Update(BuiltinResources.ReplicaSets, rs.Namespace(), rs.Name(), rs, null, Write);
        var direction = replicas > from ? "up" : "down";
        events.Record(api, deployment, EventRecorder.Normal, "ScalingReplicaSet", $"Scaled {direction} replica set {rs.Name()} from {from} to {replicas}", Component);
        return updated;
    }

    /// <summary>maxSurge rounded up and maxUnavailable rounded down from the desired count; both zero would block, so unavailable becomes 1.</summary>
    private static (int Surge, int Unavailable) Limits(JsonObject spec, int desired)
    {
        if (spec.ObjectAt("strategy").Str("type") == "Recreate")
        {
            return (0, 0);
        }

        var rolling = spec.ObjectAt("strategy")?.ObjectAt("rollingUpdate");
        var surge = Resolve(rolling?["maxSurge"], desired, roundUp: true, fallback: "25%");
        var unavailable = Resolve(rolling?["maxUnavailable"], desired, roundUp: false, fallback: "25%");
        return surge == 0 && unavailable == 0 ? (0, Math.Min(1, desired)) : (surge, Math.Min(unavailable, desired));
    }

    private static int Resolve(JsonNode? value, int total, bool roundUp, string fallback)
    {
        if (JsonFields.AsLong(value) is { } absolute)
        {
            return (int)Math.Max(0, absolute);
        }

        var text = value?.ToString() ?? fallback;
        if (text.EndsWith('%') && int.TryParse(text[..^1], CultureInfo.InvariantCulture, out var percent))
        {
            var scaled = total * percent / 100.0;
            return (int)(roundUp ? Math.Ceiling(scaled) : Math.Floor(scaled));
        }

        return int.TryParse(text, CultureInfo.InvariantCulture, out var parsed) ? Math.Max(0, parsed) : 0;
    }

    private TimeSpan? CalculateStatus(ResourceService api, JsonObject deployment, JsonObject status, JsonObject? newRs, List<JsonObject> old, int desired, bool paused)
    {
        var spec = deployment.Child("spec");
        var all = newRs is null ? old : old.Append(newRs).ToList();
        var previous = deployment.ObjectAt("status") ?? new JsonObject();
        var replicas = all.Sum(rs => rs.ObjectAt("status").Int("replicas", 0));
        var updated = newRs?.ObjectAt("status").Int("replicas", 0) ?? 0;
        var ready = all.Sum(rs => rs.ObjectAt("status").Int("readyReplicas", 0));
        var available = all.Sum(rs => rs.ObjectAt("status").Int("availableReplicas", 0));
        var specTotal = all.Sum(rs => rs.ObjectAt("spec").Int("replicas", 0));
        status["observedGeneration"] = deployment.Generation();
        status["replicas"] = replicas;
        status["updatedReplicas"] = updated;
        status["readyReplicas"] = ready;
        status["availableReplicas"] = available;
        status["unavailableReplicas"] = Math.Max(0, specTotal - available);
        foreach (var zeroOmitted in new[] { "replicas", "updatedReplicas", "readyReplicas", "availableReplicas", "unavailableReplicas" })
        {
            if (status.Long(zeroOmitted) == 0)
            {
                status.Remove(zeroOmitted);
            }
        }

        var (_, maxUnavailable) = Limits(spec, desired);
        if (available >= desired - maxUnavailable)
        {
            SetDeploymentCondition(status, "Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.");
        }
        else
        {
            SetDeploymentCondition(status, "Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.");
        }

        TimeSpan? recheck = null;
        if (paused)
        {
            SetDeploymentCondition(status, "Progressing", "Unknown", "DeploymentPaused", "Deployment is paused");
        }
        else if (spec.Long("progressDeadlineSeconds") is { } deadline && newRs is not null)
        {
            recheck = Progressing(status, previous, newRs, desired, deadline, replicas, updated, ready, available);
        }

        var failure = all.Select(rs => Conditions.Find(rs.ObjectAt("status"), "ReplicaFailure")).FirstOrDefault(c => c?.Str("status") == "True");
        if (failure is not null)
        {
            SetDeploymentCondition(status, "ReplicaFailure", "True", failure.Str("reason"), failure.Str("message"));
        }
        else
        {
            Conditions.Remove(status, "ReplicaFailure");
        }

        WriteStatus(api, deployment, status);
        if (Complete(status, desired, deployment.Generation()))
        {
            CleanupOldReplicaSets(api, deployment, old);
        }

        return recheck;
    }

    /// <summary>syncRolloutStatus: complete, progressing (lastUpdateTime moves), or timed out once lastUpdateTime + deadline has passed.</summary>
    private TimeSpan? Progressing(JsonObject status, JsonObject previous, JsonObject newRs, int desired, long deadline,
        int replicas, int updated, int ready, int available)
    {
        var current = Conditions.Find(status, "Progressing");
        if (Complete(status, desired, status.Long("observedGeneration") ?? 0))
        {
            SetDeploymentCondition(status, "Progressing", "True", "NewReplicaSetAvailable", $"ReplicaSet \"{newRs.Name()}\" has successfully progressed.");
            return null;
        }

        var oldReplicas = replicas - updated;
        var previousOld = previous.Int("replicas", 0) - previous.Int("updatedReplicas", 0);
        if (updated > previous.Int("updatedReplicas", 0) || ready > previous.Int("readyReplicas", 0) ||
            available > previous.Int("availableReplicas", 0) || oldReplicas < previousOld)
        {
            var transition = current?.Str("status") == "True" ? current["lastTransitionTime"]?.DeepClone() : null;
            Conditions.Remove(status, "Progressing");
            SetDeploymentCondition(status, "Progressing", "True", "ReplicaSetUpdated", $"ReplicaSet \"{newRs.Name()}\" is progressing.");
            if (transition is not null)
            {
                Conditions.Find(status, "Progressing")!["lastTransitionTime"] = transition;
            }

            return TimeSpan.FromSeconds(deadline + 1);
        }

        if (current is null || current.Str("reason") is "NewReplicaSetAvailable" or "ProgressDeadlineExceeded")
        {
            return null;
        }

        var since = DateTimeOffset.TryParse(current.Str("lastUpdateTime"), CultureInfo.InvariantCulture, out var t) ? t : Now;
        var dueIn = since + TimeSpan.FromSeconds(deadline) - Now;
        if (dueIn < TimeSpan.Zero)
        {
            SetDeploymentCondition(status, "Progressing", "False", "ProgressDeadlineExceeded", $"ReplicaSet \"{newRs.Name()}\" has timed out progressing.");
            return null;
        }

        // lastUpdateTime has second precision: look again just after the deadline can have passed.
        return dueIn + TimeSpan.FromMilliseconds(1100);
    }

    private static bool Complete(JsonObject status, int desired, long generation) =>
        status.Int("updatedReplicas", 0) == desired && status.Int("replicas", 0) == desired &&
        status.Int("availableReplicas", 0) == desired && (status.Long("observedGeneration") ?? 0) >= generation;

    /// <summary>SetDeploymentCondition: same status and reason changes nothing; a new reason keeps lastTransitionTime when the status holds.</summary>
    private void SetDeploymentCondition(JsonObject status, string type, string conditionStatus, string? reason, string? message)
    {
        var current = Conditions.Find(status, type);
        if (current is not null && current.Str("status") == conditionStatus && current.Str("reason") == reason)
        {
            return;
        }

        var now = ObjectMeta.Timestamp(Now);
        var condition = new JsonObject
        {
            ["type"] = type,
            ["status"] = conditionStatus,
            ["lastUpdateTime"] = now,
            ["lastTransitionTime"] = current is not null && current.Str("status") == conditionStatus ? current["lastTransitionTime"]?.DeepClone() : now,
            ["reason"] = reason,
            ["message"] = message,
        };
        Conditions.Remove(status, type);
        if (status["conditions"] is not JsonArray conditions)
        {
            conditions = [];
            status["conditions"] = conditions;
        }

        conditions.Add(condition);
    }

    private static TimeSpan? WriteStatus(ResourceService api, JsonObject deployment, JsonObject status)
    {
        if (JsonFields.SameContent(deployment["status"], status))
        {
            return null;
        }

        deployment["status"] = status;
        api.Update(BuiltinResources.Deployments, deployment.Namespace(), deployment.Name(), deployment, "status", Write);
        return null;
    }

    /// <summary>Deletes the oldest scaled-down ReplicaSets beyond revisionHistoryLimit.</summary>
    private static void CleanupOldReplicaSets(ResourceService api, JsonObject deployment, List<JsonObject> old)
    {
        if (deployment.ObjectAt("spec").Long("revisionHistoryLimit") is not { } limit)
        {
            return;
        }

        var idle = old.Where(rs => rs.ObjectAt("spec").Int("replicas", 0) == 0 && rs.ObjectAt("status").Int("replicas", 0) == 0).ToList();
        foreach (var rs in idle.Take(Math.Max(0, idle.Count - (int)limit)))
        {
            api.Delete(BuiltinResources.ReplicaSets, rs.Namespace(), rs.Name(), new DeleteOptions(PreconditionUid: rs.Uid()));
        }
    }
}
