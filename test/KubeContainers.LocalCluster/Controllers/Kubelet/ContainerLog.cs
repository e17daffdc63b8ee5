using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers.Kubelet.Exec;
using KubeContainers.LocalCluster.Controllers.Kubelet.Images;
using KubeContainers.LocalCluster.Server;

namespace KubeContainers.LocalCluster.Controllers.Kubelet;

/// <summary>One line a container wrote, when, and whether it is one of the lines of its exit.</summary>
internal sealed record LogLine(DateTimeOffset Time, string Text, bool Exit = false);

/// <summary>One run (instance) of a container, as its status shows it: when it started, and when and how it ended.</summary>
internal sealed record ContainerRun(string ContainerId, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, int ExitCode);

/// <summary>
/// The log of one run of a container, a pure function of the run (from the pod's status), the container's spec, its
/// image and the clock, as the timeline is: nothing is stored, so logs cost no memory. The program writes its
/// start-up banner when the run starts (<see cref="ProgramOutput"/>; a plain image the output of its command's
/// <c>echo</c>s), an access-log line for each HTTP probe the kubelet sends it (startup, liveness, readiness: every
/// <c>periodSeconds</c> from <c>initialDelaySeconds</c>, with the status the image answers), and the lines of its exit.
/// As the kubelet rotates a container's log files (containerLogMaxSize 10Mi, containerLogMaxFiles 5), only the newest
/// <see cref="MaxLines"/> lines of a run are kept: the ring.
/// </summary>
internal static class ContainerLog
{
    /// <summary>Lines kept per run of a container; older ones are gone, as after the kubelet's log rotation.</summary>
    public const int MaxLines = 10_000;

    public static List<LogLine> Lines(ResourceService api, JsonObject pod, JsonObject container, ContainerRun run, LocalClusterOptions options, DateTimeOffset now)
    {
        var image = ImageCatalogue.For(container.Str("image") ?? "", options.Images);
        var end = run.FinishedAt is { } finished && finished < now ? finished : now;
        var lines = new List<LogLine>();
        if (run.StartedAt > end)
        {
            return lines;
        }

        var podIp = pod.ObjectAt("status").Str("podIP") ?? "10.244.0.1";
        var banner = image.Log == LogStyle.Plain
            ? SimulatedShell.StartupOutput(ContainerSandbox.For(api, pod, container, options), container)
            : ProgramOutput.Banner(image.Log, run.StartedAt, podIp, ListeningPort(container, image));
        lines.AddRange(banner.Select(text => new LogLine(run.StartedAt, text)));
        lines.AddRange(ProbeLines(pod, container, image, options, run.StartedAt, end));
        if (run.FinishedAt is { } exitAt && exitAt <= now)
        {
            lines.AddRange(ProgramOutput.Exit(image.Log, exitAt, run.ExitCode).Select(text => new LogLine(exitAt, text, Exit: true)));
        }

        // Stable: the banner before a probe of the same second, the exit last.
        var ordered = lines.OrderBy(l => l.Time).ToList();
        return ordered.Count > MaxLines ? ordered[^MaxLines..] : ordered;
    }

    /// <summary>The access-log lines of the kubelet's HTTP probes of this run that the program logs.</summary>
    private static IEnumerable<LogLine> ProbeLines(JsonObject pod, JsonObject container, ImageMetadata image, LocalClusterOptions options, DateTimeOffset start, DateTimeOffset end)
    {
        var client = pod.ObjectAt("status").Str("hostIP") ?? "172.18.0.2";
        var neverReady = PodRule.For(container.Str("image") ?? "", options.PodRules).Behavior == PodBehavior.NeverReady;
        foreach (var field in new[] { "startupProbe", "livenessProbe", "readinessProbe" })
        {
            if (container.ObjectAt(field) is not { } probe || probe.ObjectAt("httpGet") is not { } http ||
                ProbeCheck.Port(http["port"], container) is not { } port ||
                ProbeCheck.Listening(container, image, port) is not { IsHttp: true } listening)
            {
                continue;
            }

            var path = http.Str("path") is { Length: > 0 } p ? p : "/";
            var status = neverReady && field == "readinessProbe" ? 503 : listening.Answers(path) ? 200 : 404;
            var first = start + TimeSpan.FromSeconds(Math.Max(0, probe.Long("initialDelaySeconds") ?? 0));
            var period = TimeSpan.FromSeconds(Math.Max(1, probe.Long("periodSeconds") ?? 10));
            if (end < first)
            {
                continue;
            }

            var count = ((end - first).Ticks / period.Ticks) + 1;
            if (field == "startupProbe" && status == 200)
            {
                // A startup probe stops at its first success.
                count = 1;
            }

            for (var k = Math.Max(0, count - MaxLines); k < count; k++)
            {
                var at = first + (period * k);
                if (ProgramOutput.Request(image.Log, at, client, path, status) is { } line)
                {
                    yield return new LogLine(at, line);
                }
            }
        }
    }

    /// <summary>The port the banner names: the image's first, else the container's first declared one.</summary>
    private static int ListeningPort(JsonObject container, ImageMetadata image) =>
        image.Ports is [var first, ..] ? first.Number : (int)(container.Objects("ports").FirstOrDefault()?.Long("containerPort") ?? 0);

    /// <summary>
    /// The run whose log the kubelet reads for this container (validateContainerLogStatus): with
    /// <paramref name="previous"/> the last terminated one; else the running one, the terminated one, or (waiting to
    /// restart) the last terminated one. Throws the kubelet's error, which the apiserver answers as 400, when there is none.
    /// </summary>
    public static ContainerRun RunToRead(JsonObject pod, string containerName, bool previous)
    {
        var status = pod.ObjectAt("status");
        var containerStatus = status.Objects("containerStatuses").Concat(status.Objects("initContainerStatuses"))
            .FirstOrDefault(s => s.Str("name") == containerName);
        var podName = pod.Name();
        if (containerStatus is null)
        {
            throw ApiException.BadRequest($"container \"{containerName}\" in pod \"{podName}\" is not available");
        }

        var lastTerminated = containerStatus.ObjectAt("lastState").ObjectAt("terminated");
        var state = containerStatus.ObjectAt("state");
        if (previous)
        {
            return lastTerminated is { } last && last.Str("containerID") is { Length: > 0 }
                ? RunOf(last)
                : throw ApiException.BadRequest($"previous terminated container \"{containerName}\" in pod \"{podName}\" not found");
        }

        if (state.ObjectAt("running") is { } running)
        {
            return new ContainerRun(containerStatus.Str("containerID") ?? "", Time(running.Str("startedAt")), null, 0);
        }

        if (state.ObjectAt("terminated") is { } terminated)
        {
            if (terminated.Str("containerID") is { Length: > 0 })
            {
                return RunOf(terminated);
            }

            return lastTerminated is { } fallback && fallback.Str("containerID") is { Length: > 0 }
                ? RunOf(fallback)
                : throw ApiException.BadRequest($"container \"{containerName}\" in pod \"{podName}\" is terminated");
        }

        if (lastTerminated is { } restarting)
        {
            return restarting.Str("containerID") is { Length: > 0 }
                ? RunOf(restarting)
                : throw ApiException.BadRequest($"container \"{containerName}\" in pod \"{podName}\" is terminated");
        }

        var reason = state.ObjectAt("waiting").Str("reason");
        throw ApiException.BadRequest(reason switch
        {
            null when state.ObjectAt("waiting") is null => $"container \"{containerName}\" in pod \"{podName}\" is waiting to start - no logs yet",
            "ErrImagePull" => $"container \"{containerName}\" in pod \"{podName}\" is waiting to start: image can't be pulled",
            "ImagePullBackOff" => $"container \"{containerName}\" in pod \"{podName}\" is waiting to start: trying and failing to pull image",
            _ => $"container \"{containerName}\" in pod \"{podName}\" is waiting to start: {reason}",
        });
    }

    private static ContainerRun RunOf(JsonObject terminated) => new(
        terminated.Str("containerID") ?? "",
        Time(terminated.Str("startedAt")),
        Time(terminated.Str("finishedAt")),
        (int)(terminated.Long("exitCode") ?? 0));

    private static DateTimeOffset Time(string? text) =>
        DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : DateTimeOffset.UnixEpoch;
}
