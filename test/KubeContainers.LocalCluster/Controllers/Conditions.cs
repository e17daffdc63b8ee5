using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;

namespace KubeContainers.LocalCluster.Controllers;

/// <summary>status.conditions bookkeeping with the upstream rule: lastTransitionTime moves only when the status does.</summary>
internal static class Conditions
{
    public static JsonObject? Find(JsonObject? status, string type) =>
        status.Objects("conditions").FirstOrDefault(c => c.Str("type") == type);

    public static bool IsTrue(JsonObject? status, string type) => Find(status, type)?.Str("status") == "True";

    /// <summary>Sets a condition in place (appending it when new); <paramref name="withProbeTime"/> writes lastProbeTime null, as pods carry it.</summary>
    public static void Set(JsonObject status, string type, string conditionStatus, string? reason, string? message, DateTimeOffset now,
        bool withProbeTime = false)
    {
        var conditions = status["conditions"] as JsonArray;
        if (conditions is null)
        {
            conditions = [];
            status["conditions"] = conditions;
        }

        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => c.Str("type") == type);
        var transition = existing is not null && existing.Str("status") == conditionStatus
            ? existing["lastTransitionTime"]?.DeepClone()
            : ObjectMeta.Timestamp(now);
        var condition = new JsonObject { ["type"] = type, ["status"] = conditionStatus };
        if (withProbeTime)
        {
            condition["lastProbeTime"] = null;
        }

        condition["lastTransitionTime"] = transition ?? ObjectMeta.Timestamp(now);
        if (reason is not null)
        {
            condition["reason"] = reason;
        }

        if (message is not null)
        {
            condition["message"] = message;
        }

        if (existing is null)
        {
            conditions.Add(condition);
        }
        else
        {
            conditions[conditions.IndexOf(existing)] = condition;
        }
    }

    public static void Remove(JsonObject status, string type)
    {
        if (status["conditions"] is JsonArray conditions &&
            conditions.OfType<JsonObject>().FirstOrDefault(c => c.Str("type") == type) is { } existing)
        {
            conditions.Remove(existing);
        }
    }
}
