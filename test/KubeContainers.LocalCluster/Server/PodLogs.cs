using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers;
using KubeContainers.LocalCluster.Controllers.Kubelet;
using KubeContainers.LocalCluster.Storage;
using Microsoft.AspNetCore.Http;

namespace KubeContainers.LocalCluster.Server;

/// <summary>
/// <c>GET /api/v1/namespaces/NS/pods/NAME/log</c>, as the apiserver's LogREST and the kubelet's containerLogs serve
/// it: PodLogOptions from the query (<c>container</c>, <c>follow</c>, <c>previous</c>, <c>timestamps</c>,
/// <c>sinceSeconds</c>, <c>sinceTime</c>, <c>tailLines</c>, <c>limitBytes</c>) validated as ValidatePodLogOptions,
/// the container chosen as LogLocation chooses it, the run as the kubelet's validateContainerLogStatus picks it, and
/// the lines of <see cref="ContainerLog"/> as text/plain: the last <c>tailLines</c>, then those since the time asked,
/// each after its RFC 3339 time with nine decimals when <c>timestamps</c>, cut after <c>limitBytes</c>. With
/// <c>follow</c> the stream stays open and gets each new line, until the run ends (its exit lines, then the end),
/// the pod goes, or the client hangs up.
/// </summary>
internal sealed class PodLogs(ResourceService api, LocalClusterOptions options)
{
    private static readonly TimeSpan FollowPoll = TimeSpan.FromMilliseconds(200);

    public async Task ServeAsync(HttpContext context, string ns, string name)
    {
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            throw ApiException.MethodNotAllowed("the server does not allow this method on the requested resource");
        }

        var query = LogQuery.Parse(context.Request.Query, name);
        var pod = api.Get(BuiltinResources.Pods, ns, name);
        var containerName = LogContainer(pod, query.Container);
        var container = PodContainers.Find(pod, containerName)!;
        var response = context.Response;
        if (pod.ObjectAt("spec").Str("nodeName") is not { Length: > 0 })
        {
            // LogLocation of a pod without a node: no location, an empty stream.
            response.StatusCode = 200;
            response.ContentType = "text/plain";
            return;
        }

        var run = ContainerLog.RunToRead(pod, containerName, query.Previous);
        var clock = options.Clock;
        var now = clock.GetUtcNow();
        var lines = ContainerLog.Lines(api, pod, container, run, options, now);
        if (query.TailLines is { } tail)
        {
            lines = lines.Count > tail ? lines[^(int)tail..] : lines;
        }

        var since = query.SinceTime ?? (query.SinceSeconds is { } seconds ? now - TimeSpan.FromSeconds(seconds) : DateTimeOffset.MinValue);
        response.StatusCode = 200;
        response.ContentType = "text/plain";
        await response.StartAsync(context.RequestAborted);
        var output = new LimitedOutput(response, query.LimitBytes, query.Timestamps);
        await output.WriteAsync(lines.Where(l => l.Time >= since), context.RequestAborted);
        if (!query.Follow || query.Previous || run.FinishedAt is not null || output.Full)
        {
            return;
        }

        await FollowAsync(context, pod, container, containerName, run, now, output);
    }

    /// <summary>Writes each line the run writes after <paramref name="cursor"/>, until it ends, the pod goes or the client leaves.</summary>
    private async Task FollowAsync(HttpContext context, JsonObject pod, JsonObject container, string containerName, ContainerRun run, DateTimeOffset cursor, LimitedOutput output)
    {
        var aborted = context.RequestAborted;
        while (!aborted.IsCancellationRequested && !output.Full)
        {
            try
            {
                await Task.Delay(FollowPoll, options.Clock, aborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (api.TryGet(BuiltinResources.Pods, pod.Namespace(), pod.Name()) is not { } current || current.Uid() != pod.Uid() ||
                CurrentState(current, containerName, run) is not { } latest)
            {
                return;
            }

            var now = options.Clock.GetUtcNow();
            var lines = ContainerLog.Lines(api, current, container, latest, options, now);
            var finished = latest.FinishedAt is not null;
            await output.WriteAsync(lines.Where(l => (!l.Exit && l.Time > cursor) || (l.Exit && finished)), aborted);
            if (finished)
            {
                return;
            }

            cursor = now;
        }
    }

    /// <summary>The followed run as the pod's status shows it now (terminated once the container restarted), or null when it is gone.</summary>
    private static ContainerRun? CurrentState(JsonObject pod, string containerName, ContainerRun followed)
    {
        var status = pod.ObjectAt("status").Objects("containerStatuses").Concat(pod.ObjectAt("status").Objects("initContainerStatuses"))
            .FirstOrDefault(s => s.Str("name") == containerName);
        foreach (var terminated in new[] { status.ObjectAt("state").ObjectAt("terminated"), status.ObjectAt("lastState").ObjectAt("terminated") })
        {
            if (terminated?.Str("containerID") == followed.ContainerId)
            {
                return followed with
                {
                    FinishedAt = DateTimeOffset.Parse(terminated.Str("finishedAt") ?? "", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                    ExitCode = (int)(terminated.Long("exitCode") ?? 0),
                };
            }
        }

        return status.ObjectAt("state").ObjectAt("running") is not null && status.Str("containerID") == followed.ContainerId ? followed : null;
    }

    /// <summary>
    /// LogLocation's validateContainer: the only container when none is named; with several, 400 listing them all
    /// (init containers first, as VisitContainers visits them); a name the pod does not have, 400.
    /// </summary>
    private static string LogContainer(JsonObject pod, string? container)
    {
        var spec = pod.ObjectAt("spec");
        if (container is { Length: > 0 })
        {
            return PodContainers.Find(pod, container) is not null
                ? container
                : throw ApiException.BadRequest($"container {container} is not valid for pod {pod.Name()}");
        }

        var containers = spec.Objects("containers").Select(c => c.Str("name") ?? "").ToList();
        return containers.Count switch
        {
            1 => containers[0],
            0 => throw ApiException.BadRequest($"a container name must be specified for pod {pod.Name()}"),
            _ => throw ApiException.BadRequest(
                $"a container name must be specified for pod {pod.Name()}, choose one of: [{string.Join(' ', spec.Objects("initContainers").Select(c => c.Str("name")).Concat(containers))}]"),
        };
    }

    /// <summary>Writes lines (with their times when asked) until <c>limitBytes</c> is reached, cutting the last one as the kubelet's LimitWriter does.</summary>
    private sealed class LimitedOutput(HttpResponse response, long? limitBytes, bool timestamps)
    {
        private long _written;

        public bool Full => limitBytes is { } limit && _written >= limit;

        public async Task WriteAsync(IEnumerable<LogLine> lines, CancellationToken cancellationToken)
        {
            var text = new StringBuilder();
            foreach (var line in lines)
            {
                if (timestamps)
                {
                    text.Append(line.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z'", CultureInfo.InvariantCulture)).Append(' ');
                }

                text.Append(line.Text).Append('\n');
            }

            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            var count = limitBytes is { } limit ? (int)Math.Min(bytes.Length, Math.Max(0, limit - _written)) : bytes.Length;
            if (count == 0)
            {
                return;
            }

            _written += count;
            await response.Body.WriteAsync(bytes.AsMemory(0, count), cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
        }
    }
}

/// <summary>A pod's containers by name: app containers, then init containers.</summary>
internal static class PodContainers
{
    public static JsonObject? Find(JsonObject pod, string name) =>
        pod.ObjectAt("spec").Objects("containers").Concat(pod.ObjectAt("spec").Objects("initContainers")).FirstOrDefault(c => c.Str("name") == name);
}
