using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Admission.Quota;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Admission;

/// <summary>
/// The ResourceQuota admission plugin (plugin/pkg/admission/resourcequota), last in the chain as upstream. A quota
/// applies once the quota controller has written its status.hard; a write whose usage would take status.used past
/// status.hard is refused with 403 <c>exceeded quota: NAME, requested: ..., used: ..., limited: ...</c>, an object
/// that misses a required request or limit with <c>failed quota: NAME: must specify ...</c>, and a quota whose usage
/// is not yet known with <c>status unknown for quota: NAME</c>. Admitted usage is added to status.used at once (the
/// quota object is written under the same lock), so back-to-back creates cannot both slip under a quota; the quota
/// controller recalculates it from the objects afterwards.
/// </summary>
internal sealed class ResourceQuotaAdmission : IAdmissionPlugin
{
    public void Admit(AdmissionRequest request)
    {
        if (request.Subresource is not null || QuotaEvaluator.For(request.Type) is not { } evaluator || !evaluator.Handles(request.Operation))
        {
            return;
        }

        var ns = request.Object.Namespace();
        if (string.IsNullOrEmpty(ns))
        {
            return;
        }

        var quotas = request.Api.Store.List(BuiltinResources.ResourceQuotas.StorageKey, ns).Items.Select(q => q.ToJsonObject()).ToList();
        var interesting = new List<(JsonObject Quota, Dictionary<string, ResourceQuantity> Hard, Dictionary<string, ResourceQuantity> Used)>();
        foreach (var quota in quotas)
        {
            var hard = ResourceList.FromJson(quota.ObjectAt("status")?["hard"]);
            var required = hard.Keys.Where(evaluator.Tracks).ToList();
            if (required.Count == 0 || !evaluator.MatchesScopes(quota, request.Object))
            {
                continue;
            }

            if (evaluator.Constraints(required, request.Object) is { } unmet)
            {
                throw Refused(request, $"failed quota: {quota.Name()}: {unmet}");
            }

            var used = ResourceList.FromJson(quota.ObjectAt("status")?["used"]);
            if (hard.Keys.Any(name => !used.ContainsKey(name)))
            {
                throw Refused(request, $"status unknown for quota: {quota.Name()}");
            }

            interesting.Add((quota, hard, used));
        }

        if (interesting.Count == 0)
        {
            return;
        }

        var delta = evaluator.Usage(request.Object, request.Api.Now);
        if (request.OldObject is { } old)
        {
            delta = ResourceList.Subtract(delta, evaluator.Usage(old, request.Api.Now));
        }

        if (delta.Values.All(q => q.Value == 0))
        {
            return;
        }

        var updates = new List<JsonObject>();
        foreach (var (quota, hard, used) in interesting)
        {
            var requested = ResourceList.Mask(delta, hard.Keys);
            var newUsage = ResourceList.Add(used, requested);
            var exceeded = requested.Keys.Where(name => newUsage[name].Value > hard[name].Value).ToList();
            if (exceeded.Count > 0)
            {
                throw Refused(request, $"exceeded quota: {quota.Name()}, requested: {ResourceList.PrettyPrint(ResourceList.Mask(requested, exceeded))}, " +
                    $"used: {ResourceList.PrettyPrint(ResourceList.Mask(used, exceeded))}, limited: {ResourceList.PrettyPrint(ResourceList.Mask(hard, exceeded))}");
            }

            var status = quota.Child("status");
            var newUsed = ResourceList.ToJson(ResourceList.Mask(newUsage, hard.Keys));
            if (!JsonNode.DeepEquals(status["used"], newUsed))
            {
                status["used"] = newUsed;
                updates.Add(quota);
            }
        }

        if (!request.DryRun)
        {
            foreach (var quota in updates)
            {
                request.Api.Store.Put(BuiltinResources.ResourceQuotas.StorageKey, quota);
            }
        }
    }

    private static ApiException Refused(AdmissionRequest request, string why) =>
        ApiException.Forbidden(request.Type, request.Object.Name(), why);
}
