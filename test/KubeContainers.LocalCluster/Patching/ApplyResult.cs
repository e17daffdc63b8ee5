using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Patching;

/// <summary>The outcome of a server-side apply: the object to store, or the conflicts to answer 409 with.</summary>
public sealed class ApplyResult
{
    private ApplyResult(JsonObject? obj, IReadOnlyList<ApplyConflict> conflicts)
    {
        Object = obj;
        Conflicts = conflicts;
    }

    /// <summary>The applied object with its managedFields updated; null when there are conflicts.</summary>
    public JsonObject? Object { get; }

    /// <summary>The conflicting fields, grouped by manager; empty on success.</summary>
    public IReadOnlyList<ApplyConflict> Conflicts { get; }

    /// <summary>
    /// The apiserver's 409 message, e.g. <c>Apply failed with 1 conflict: conflict with "kubectl-client-side-apply"
    /// using apps/v1: .spec.replicas</c>; with several, one "conflicts with" line per manager followed by
    /// "- field" lines. Empty on success.
    /// </summary>
    public string Message
    {
        get
        {
            if (Conflicts.Count == 0)
            {
                return "";
            }

            if (Conflicts.Count == 1)
            {
                return $"Apply failed with 1 conflict: {Conflicts[0].Message}: {Conflicts[0].Field}";
            }

            var lines = Conflicts.GroupBy(conflict => conflict.ManagerDescription)
                .SelectMany(group => group.Select(conflict => $"- {conflict.Field}").Prepend($"conflicts with {group.Key}:"));
            return $"Apply failed with {Conflicts.Count} conflicts: {string.Join("\n", lines)}";
        }
    }

    internal static ApplyResult Applied(JsonObject obj) => new(obj, []);

    internal static ApplyResult Conflicted(IReadOnlyList<ApplyConflict> conflicts) => new(null, conflicts);
}
