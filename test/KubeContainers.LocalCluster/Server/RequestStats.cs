using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Server;

/// <summary>
/// Counts the API requests served over HTTP by client, verb (the audit log's: get, list, watch, create, update,
/// patch, delete, deletecollection) and resource (<c>deployments.apps</c>, <c>pods/status</c>...), so a benchmark or
/// a test can say how many writes a client made. The client is what the server records as the field manager:
/// the <c>fieldManager</c> parameter when sent, else the user agent's first word (<c>kubectl</c>,
/// KubernetesClient's <c>kubernetes-csharp</c>). A request is counted when it arrives (a watch too), whatever its answer; errors count the
/// answers of 400 and above (injected faults, 401 Unauthorized and 403 Forbidden included). Requests for unknown resources are not counted. The simulated controllers work in-process and are not counted.
/// Served at <c>GET /admin/stats</c>, reset with <c>POST /admin/stats/reset</c>.
/// </summary>
public sealed class RequestStats
{
    private static readonly HashSet<string> WriteVerbs = ["create", "update", "patch", "delete", "deletecollection"];

    private readonly ConcurrentDictionary<(string Client, string Verb, string Resource), RequestCount> _counts = new();

    public static bool IsWrite(string verb) => WriteVerbs.Contains(verb);

    /// <summary>Counts a request as it arrives; the caller adds an error to the returned counter if it fails.</summary>
    internal RequestCount Start(string client, string verb, string resource)
    {
        var count = _counts.GetOrAdd((client, verb, resource), static _ => new RequestCount());
        count.Add();
        return count;
    }

    /// <summary>Write requests (create, update, patch, delete) by this client, or by every client when null.</summary>
    public long Writes(string? client = null) =>
        _counts.Where(c => IsWrite(c.Key.Verb) && (client is null || c.Key.Client == client)).Sum(c => c.Value.Total);

    /// <summary>Every counter at this moment, ordered by client, verb and resource.</summary>
    public IReadOnlyList<RequestStatsEntry> Snapshot() =>
        [.. _counts
            .Select(c => new RequestStatsEntry(c.Key.Client, c.Key.Verb, c.Key.Resource, c.Value.Total, c.Value.Errors))
            .OrderBy(e => e.Client, StringComparer.Ordinal)
            .ThenBy(e => e.Verb, StringComparer.Ordinal)
            .ThenBy(e => e.Resource, StringComparer.Ordinal)];

    public void Reset() => _counts.Clear();

    /// <summary>The JSON of <c>/admin/stats</c>: writes per client, and every counter.</summary>
    public JsonObject ToJson()
    {
        var entries = Snapshot();
        var writes = new JsonObject();
        foreach (var group in entries.Where(e => IsWrite(e.Verb)).GroupBy(e => e.Client))
        {
            writes[group.Key] = group.Sum(e => e.Count);
        }

        var requests = new JsonArray();
        foreach (var e in entries)
        {
            requests.Add(new JsonObject
            {
                ["client"] = e.Client,
                ["verb"] = e.Verb,
                ["resource"] = e.Resource,
                ["count"] = e.Count,
                ["errors"] = e.Errors,
            });
        }

        return new JsonObject { ["writes"] = writes, ["requests"] = requests };
    }

    /// <summary>The audit verb of a request.</summary>
    internal static string VerbOf(string method, bool hasName, bool isWatch) => method switch
    {
        "GET" when isWatch => "watch",
        "GET" when hasName => "get",
        "GET" => "list",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" when hasName => "delete",
        "DELETE" => "deletecollection",
        _ => method.ToLowerInvariant(),
    };
}
