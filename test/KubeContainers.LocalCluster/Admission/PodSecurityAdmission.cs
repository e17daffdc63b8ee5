using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Admission.PodSecurity;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Admission;

/// <summary>
/// The PodSecurity admission plugin with its default configuration (every mode privileged unless the namespace's
/// labels say otherwise, nothing exempt). Pods: the enforce level refuses the write with 403
/// <c>pods "x" is forbidden: violates PodSecurity "restricted:latest": ...</c>; otherwise the warn level adds a
/// <c>would violate PodSecurity ...</c> Warning. Workload resources (Deployments, ReplicaSets, Jobs) get only the
/// warn level's Warning about their pod template, never a refusal: their pods are refused when the controller
/// creates them. Namespaces: malformed labels are invalid; tightening enforce warns about existing pods.
/// Pod updates are checked only when an image or a seccomp annotation changes (upstream's isSignificantPodUpdate);
/// subresources are never checked. The audit mode is parsed but writes no audit log here.
/// </summary>
internal sealed class PodSecurityAdmission : IAdmissionPlugin
{
    public void Admit(AdmissionRequest request)
    {
        if (request.Subresource is not null)
        {
            return;
        }

        if (request.Type == BuiltinResources.Namespaces)
        {
            AdmitNamespace(request);
        }
        else if (request.Type == BuiltinResources.Pods)
        {
            AdmitPod(request);
        }
        else if (request.Type == BuiltinResources.Deployments || request.Type == BuiltinResources.ReplicaSets || request.Type == BuiltinResources.Jobs)
        {
            var template = request.Object.ObjectAt("spec")?.ObjectAt("template");
            var policy = PolicyOf(request);
            Warn(request, policy, template?.ObjectAt("metadata"), template?.ObjectAt("spec"));
        }
    }

    private static void AdmitPod(AdmissionRequest request)
    {
        if (request.OldObject is { } old && !SignificantUpdate(request.Object, old))
        {
            return;
        }

        var policy = PolicyOf(request);
        var metadata = request.Object.Metadata();
        var spec = request.Object.ObjectAt("spec");
        var violations = PodSecurityChecks.Evaluate(policy.Enforce.Level, metadata, spec);
        if (violations.Count > 0)
        {
            throw ApiException.Forbidden(request.Type, request.Object.Name(),
                $"violates PodSecurity \"{policy.Enforce}\": {PodSecurityChecks.Describe(violations)}");
        }

        Warn(request, policy, metadata, spec);
    }

    private static void Warn(AdmissionRequest request, PodSecurityPolicy policy, JsonObject? metadata, JsonObject? spec)
    {
        if (spec is null)
        {
            return;
        }

        var violations = PodSecurityChecks.Evaluate(policy.Warn.Level, metadata, spec);
        if (violations.Count > 0)
        {
            request.Warnings.Add($"would violate PodSecurity \"{policy.Warn}\": {PodSecurityChecks.Describe(violations)}");
        }
    }

    private static PodSecurityPolicy PolicyOf(AdmissionRequest request)
    {
        var ns = request.Object.Namespace() ?? "default";
        var labels = request.Api.Store.Get(BuiltinResources.Namespaces.StorageKey, null, ns)?.Labels ?? new Dictionary<string, string>();
        return PodSecurityPolicy.FromLabels(labels);
    }

    /// <summary>
    /// Labels must parse on create, and on update when they changed; a tightened enforce level lists the existing
    /// pods that would now be refused (upstream's EvaluatePodsInNamespace, without its pod-count and time limits).
    /// </summary>
    private static void AdmitNamespace(AdmissionRequest request)
    {
        var errors = new List<FieldError>();
        var policy = PodSecurityPolicy.FromLabels(request.Object.Labels(), errors);
        if (request.OldObject is not { } old)
        {
            ThrowIfInvalid(request, errors);
            return;
        }

        var oldErrors = new List<FieldError>();
        var oldPolicy = PodSecurityPolicy.FromLabels(old.Labels(), oldErrors);
        if (errors.Count > 0 && !errors.SequenceEqual(oldErrors))
        {
            ThrowIfInvalid(request, errors);
        }

        if (policy.Enforce == oldPolicy.Enforce || policy.Enforce.Level == PodSecurityLevel.Privileged
            || (policy.Enforce.Version == oldPolicy.Enforce.Version && policy.Enforce.Level <= oldPolicy.Enforce.Level))
        {
            return;
        }

        var ns = request.Object.Name();
        var byReason = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var pod in request.Api.Store.List(BuiltinResources.Pods.StorageKey, ns).Items.Select(p => p.ToJsonObject()))
        {
            var violations = PodSecurityChecks.Evaluate(policy.Enforce.Level, pod.Metadata(), pod.ObjectAt("spec"));
            if (violations.Count > 0)
            {
                var reason = string.Join(", ", violations.Select(v => v.Reason));
                if (!byReason.TryGetValue(reason, out var names))
                {
                    byReason[reason] = names = [];
                }

                names.Add(pod.Name());
            }
        }

        if (byReason.Count == 0)
        {
            return;
        }

        request.Warnings.Add($"existing pods in namespace \"{ns}\" violate the new PodSecurity enforce level \"{policy.Enforce}\"");
        request.Warnings.AddRange(byReason.Select(kv =>
        {
            var first = kv.Value.Min(StringComparer.Ordinal)!;
            var others = kv.Value.Count - 1;
            var prefix = others switch
            {
                0 => first,
                1 => $"{first} (and 1 other pod)",
                _ => $"{first} (and {others} other pods)",
            };
            return $"{prefix}: {kv.Key}";
        }).Order(StringComparer.Ordinal));
    }

    private static void ThrowIfInvalid(AdmissionRequest request, List<FieldError> errors)
    {
        if (errors.Count > 0)
        {
            throw ApiException.Invalid(request.Type, request.Object.Name(), errors);
        }
    }

    /// <summary>Only images and seccomp annotations can change in a pod's spec in a way the policy cares about.</summary>
    private static bool SignificantUpdate(JsonObject pod, JsonObject old)
    {
        const string podSeccomp = "seccomp.security.alpha.kubernetes.io/pod";
        const string containerSeccomp = "container.seccomp.security.alpha.kubernetes.io/";
        var annotations = pod.Metadata().StringMap("annotations");
        var oldAnnotations = old.Metadata().StringMap("annotations");
        if (annotations.GetValueOrDefault(podSeccomp) != oldAnnotations.GetValueOrDefault(podSeccomp))
        {
            return true;
        }

        bool Differs(string list, bool byName)
        {
            var now = pod.ObjectAt("spec").Objects(list).ToList();
            var before = old.ObjectAt("spec").Objects(list).ToList();
            if (!byName && now.Count != before.Count)
            {
                return true;
            }

            for (var i = 0; i < now.Count; i++)
            {
                var name = now[i].Str("name") ?? "";
                var previous = byName ? before.FirstOrDefault(c => c.Str("name") == name) : before[i];
                if (previous is null || previous.Str("image") != now[i].Str("image")
                    || annotations.GetValueOrDefault(containerSeccomp + name) != oldAnnotations.GetValueOrDefault(containerSeccomp + name))
                {
                    return true;
                }
            }

            return false;
        }

        return Differs("containers", false) || Differs("initContainers", false) || Differs("ephemeralContainers", true);
    }
}
