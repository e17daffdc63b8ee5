using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Server;
using Microsoft.AspNetCore.Http;

namespace KubeContainers.LocalCluster.Faults;

/// <summary>
/// The admin endpoint, for driving faults from outside the process (scripts, the operator's fault suite):
/// GET /admin/faults shows settings and counters; POST /admin/faults with a JSON object sets any of
/// writeServerErrorRate, writeConflictRate, readServerErrorRate, tooManyRequestsRate, retryAfterSeconds,
/// latencyMs, stallWatches; POST /admin/faults/reset, /admin/watches/close, /admin/compact, /admin/restart.
/// POST /admin/refusals with a <see cref="WriteRefusal"/> as JSON (kind, message, namespace, name, webhook, code,
/// operations) refuses matching writes; POST /admin/refusals/reset lifts them all; GET /admin/refusals lists them.
/// GET /admin/stats shows the request counters (<see cref="RequestStats"/>); POST /admin/stats/reset zeroes them.
/// </summary>
internal sealed class AdminHandler(LocalCluster cluster)
{
    public async Task HandleAsync(HttpContext context)
    {
        var faults = cluster.Faults;
        var path = context.Request.Path.Value?.TrimEnd('/');
        var isPost = HttpMethods.IsPost(context.Request.Method);
        switch (path)
        {
            case "/admin/faults" when isPost:
                var settings = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject ?? [];
                Set(faults, settings);
                break;
            case "/admin/faults/reset" when isPost:
                faults.Reset();
                break;
            case "/admin/watches/close" when isPost:
                faults.CloseAllWatches();
                break;
            case "/admin/compact" when isPost:
                cluster.Store.Compact();
                break;
            case "/admin/restart" when isPost:
                // Answer first: the restart drops this very connection.
                await ApiHandler.WriteObjectAsync(context, 202, Describe(faults));
                _ = Task.Run(() => cluster.RestartAsync());
                return;
            case "/admin/faults":
                break;
            case "/admin/refusals" when isPost:
                var refusal = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject
                    ?? throw Api.ApiException.BadRequest("a refusal is a JSON object");
                faults.RefuseWrites(WriteRefusal.FromJson(refusal));
                break;
            case "/admin/refusals/reset" when isPost:
                faults.ClearRefusals();
                break;
            case "/admin/refusals":
                break;
            case "/admin/stats/reset" when isPost:
                cluster.Requests.Reset();
                await ApiHandler.WriteObjectAsync(context, 200, cluster.Requests.ToJson());
                return;
            case "/admin/stats":
                await ApiHandler.WriteObjectAsync(context, 200, cluster.Requests.ToJson());
                return;
            default:
                context.Response.StatusCode = 404;
                return;
        }

        await ApiHandler.WriteObjectAsync(context, 200, Describe(faults));
    }

    private static void Set(FaultInjector faults, JsonObject settings)
    {
        foreach (var (key, value) in settings)
        {
            switch (key)
            {
                case "writeServerErrorRate": faults.WriteServerErrorRate = value!.GetValue<double>(); break;
                case "writeConflictRate": faults.WriteConflictRate = value!.GetValue<double>(); break;
                case "readServerErrorRate": faults.ReadServerErrorRate = value!.GetValue<double>(); break;
                case "tooManyRequestsRate": faults.TooManyRequestsRate = value!.GetValue<double>(); break;
                case "retryAfterSeconds": faults.RetryAfterSeconds = value!.GetValue<int>(); break;
                case "latencyMs": faults.Latency = TimeSpan.FromMilliseconds(value!.GetValue<double>()); break;
                case "stallWatches": faults.StallWatches = value!.GetValue<bool>(); break;
                default: throw new Api.ApiException(400, "BadRequest", $"unknown fault setting \"{key}\"");
            }
        }
    }

    private static JsonObject Describe(FaultInjector faults) => new()
    {
        ["writeServerErrorRate"] = faults.WriteServerErrorRate,
        ["writeConflictRate"] = faults.WriteConflictRate,
        ["readServerErrorRate"] = faults.ReadServerErrorRate,
        ["tooManyRequestsRate"] = faults.TooManyRequestsRate,
        ["retryAfterSeconds"] = faults.RetryAfterSeconds,
        ["latencyMs"] = faults.Latency.TotalMilliseconds,
        ["stallWatches"] = faults.StallWatches,
        ["injected"] = new JsonObject
        {
            ["serverErrors"] = faults.Injected500,
            ["conflicts"] = faults.Injected409,
            ["tooManyRequests"] = faults.Injected429,
            ["watchCloses"] = faults.WatchesClosed,
            ["watchEventsSwallowed"] = faults.WatchEventsSwallowed,
            ["refusedWrites"] = faults.Refused,
        },
        ["refusals"] = new JsonArray([.. faults.Refusals.Select(r => (JsonNode)r.ToJson())]),
    };
}
