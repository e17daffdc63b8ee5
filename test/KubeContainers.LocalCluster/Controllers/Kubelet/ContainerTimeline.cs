using System.Globalization;
using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Controllers.Kubelet.Images;

namespace KubeContainers.LocalCluster.Controllers.Kubelet;

/// <summary>
/// The simulated life of one container as a pure function of the time since its pod reached the node: no clock reads,
/// no state, so the kubelet can recompute it on every pass and write the same status for the same moment.
/// See Controllers/README.md for the behaviours. Probes answer from what the image really serves
/// (<see cref="ImageCatalogue"/>): a readiness probe that fails keeps the container unready, a liveness (or startup)
/// probe that fails has it killed and restarted after failureThreshold probes, into CrashLoopBackOff.
/// </summary>
internal sealed class ContainerTimeline
{
    private const int MaxBackOffDoublings = 5;
    private readonly PodRule _rule;
    private readonly string _image;
    private readonly string _name;
    private readonly string _podRef;
    private readonly string _restartPolicy;
    private readonly DateTimeOffset _origin;
    private readonly string _idSeed;
    private readonly TimeSpan _step;
    private readonly TimeSpan _delay;
    private readonly TimeSpan _backOff;
    private readonly int? _taggedExit;
    private readonly ProbeFailure? _unready;
    private readonly LivenessFailure? _liveness;

    /// <param name="podIp">The pod's IP, which probe failures name (Go's dial errors); null while there is none.</param>
    public ContainerTimeline(LocalClusterOptions options, JsonObject pod, JsonObject container, DateTimeOffset origin, string? podIp = null)
    {
        _image = container.Str("image") ?? "";
        _name = container.Str("name") ?? "";
        _rule = PodRule.For(_image, options.PodRules);
        _restartPolicy = pod.ObjectAt("spec").Str("restartPolicy") ?? "Always";
        _podRef = $"{pod.Name()}_{pod.Namespace()}({pod.Uid()})";
        _origin = origin;
        _idSeed = pod.Uid() + "/" + _name;
        _step = options.PodReadyDelay > TimeSpan.Zero ? options.PodReadyDelay : TimeSpan.FromMilliseconds(1);
        _delay = _rule.Delay > TimeSpan.Zero ? _rule.Delay : _rule.Behavior == PodBehavior.SlowStart ? options.SlowStartDelay : _step;
        _backOff = BackOffBase(options);
        _taggedExit = PodRule.ExitCodeIn(_image);
        ProbePeriod = TimeSpan.FromSeconds(Math.Max(1, container.ObjectAt("readinessProbe").Long("periodSeconds") ?? 10));
        var image = ImageCatalogue.For(_image, options.Images);
        var ip = podIp ?? "10.244.0.1";
        _unready = _rule.Behavior == PodBehavior.NeverReady
            ? new ProbeFailure("HTTP probe failed with statuscode: 503")
            : container.ObjectAt("readinessProbe") is { } readiness ? ProbeCheck.Failure(readiness, container, image, ip) : null;
        if (_rule.Behavior is PodBehavior.Run or PodBehavior.SlowStart or PodBehavior.NeverReady)
        {
            _liveness = LivenessFailure.Of(container, "startupProbe", "Startup", image, ip)
                ?? LivenessFailure.Of(container, "livenessProbe", "Liveness", image, ip);
        }
    }

    /// <summary>
    /// A liveness or startup probe that fails: probed <c>initialDelaySeconds</c> after each start, then every
    /// <c>periodSeconds</c>; the <c>failureThreshold</c>-th failure kills the container.
    /// </summary>
    private sealed record LivenessFailure(string Kind, string Output, TimeSpan InitialDelay, TimeSpan Period, int Threshold)
    {
        public TimeSpan KillAfter => InitialDelay + (Period * (Threshold - 1));

        public static LivenessFailure? Of(JsonObject container, string field, string kind, ImageMetadata image, string ip) =>
            // An errored probe (an exec the runtime cannot start) is thrown away by the kubelet's worker: it never kills.
            container.ObjectAt(field) is { } probe && ProbeCheck.Failure(probe, container, image, ip) is { Errored: false } output
                ? new LivenessFailure(kind, output.Output,
                    TimeSpan.FromSeconds(Math.Max(0, probe.Long("initialDelaySeconds") ?? 0)),
                    TimeSpan.FromSeconds(Math.Max(1, probe.Long("periodSeconds") ?? 10)),
                    (int)Math.Max(1, probe.Long("failureThreshold") ?? 3))
                : null;
    }

    private TimeSpan ProbePeriod { get; }

    /// <summary>docker.io/library/nginx:latest for "nginx", as containerd reports images.</summary>
    public string QualifiedImage
    {
        get
        {
            var image = _image;
            var firstSlash = image.IndexOf('/', StringComparison.Ordinal);
            var domain = firstSlash < 0 ? "" : image[..firstSlash];
            if (firstSlash < 0 || !(domain.Contains('.', StringComparison.Ordinal) || domain.Contains(':', StringComparison.Ordinal) || domain == "localhost"))
            {
                image = (firstSlash < 0 ? "docker.io/library/" : "docker.io/") + image;
            }

            var lastSlash = image.LastIndexOf('/');
            return image.IndexOf(':', lastSlash + 1) < 0 && !image.Contains('@', StringComparison.Ordinal) ? image + ":latest" : image;
        }
    }

    /// <summary>The repository digest containerd reports once the image is pulled (made up, stable per image).</summary>
    public string ImageId => QualifiedImage.Contains('@', StringComparison.Ordinal)
        ? QualifiedImage
        : $"{QualifiedImage[..QualifiedImage.LastIndexOf(':')]}@sha256:{Hex("image:" + QualifiedImage)}";

    public ContainerView At(TimeSpan t)
    {
        if (_rule.Behavior == PodBehavior.ImagePullError)
        {
            return PullFailure(t);
        }

        var (startAt, readyAt, exits, exitCode, reason) = Plan();
        if (t < startAt)
        {
            return Creating(startAt - t);
        }

        if (_liveness is { } liveness)
        {
            return LivenessLoop(t, startAt, readyAt - startAt, liveness);
        }

        var exitAt = _rule.Behavior is PodBehavior.CrashLoop or PodBehavior.OOMKilled ? startAt : (readyAt ?? startAt) + _step;
        if (!exits || t < exitAt)
        {
            return Running(t, startAt, readyAt, exits ? exitAt : null);
        }

        var restarts = _restartPolicy == "Always" || (_restartPolicy == "OnFailure" && exitCode != 0);
        var terminated = Terminated(exitCode, reason, startAt, exitAt, 0);
        if (!restarts)
        {
            return new ContainerView("finished", new JsonObject { ["terminated"] = terminated }, new JsonObject(), false, false, true, 0, true, exitCode, null, []);
        }

        return CrashLoop(t, startAt, exitAt, exitCode, reason);
    }

    /// <summary>When the container starts and gets ready, whether and how it exits.</summary>
    private (TimeSpan StartAt, TimeSpan? ReadyAt, bool Exits, int ExitCode, string Reason) Plan()
    {
        var ruleExit = _rule.ExitCode != 0 ? _rule.ExitCode : (int?)null;
        return _rule.Behavior switch
        {
            PodBehavior.CrashLoop => (_delay, null, true, ruleExit ?? _taggedExit ?? 1, "Error"),
            PodBehavior.OOMKilled => (_delay, null, true, ruleExit ?? 137, "OOMKilled"),
            _ when _unready is not null => (_delay, null, ExitsNormally(), ruleExit ?? _taggedExit ?? 0, ""),
            PodBehavior.SlowStart => (_step, _delay, ExitsNormally(), ruleExit ?? _taggedExit ?? 0, ""),
            _ => (_delay, _delay, ExitsNormally(), ruleExit ?? _taggedExit ?? 0, ""),
        };
    }

    /// <summary>Job pods' processes finish; long-running ones only when the image says exit-N.</summary>
    private bool ExitsNormally() => _restartPolicy != "Always" || _taggedExit is not null || _rule.ExitCode != 0;

    /// <summary>The stage prefix of <see cref="ConfigError"/> views: the container waits on its Secret/ConfigMap references.</summary>
    public const string ConfigErrorStage = "config-error-";

    /// <summary>
    /// The container cannot be created because its environment names a missing Secret, ConfigMap or key: it waits in
    /// CreateContainerConfigError, and each attempt (<paramref name="attempt"/>) records Failed "Error: ...". The
    /// timeline proper has not begun: the kubelet starts it from the pass where the references resolve.
    /// </summary>
    public ContainerView ConfigError(string message, int attempt, TimeSpan untilNextAttempt) => new(
        $"{ConfigErrorStage}{attempt}-{message}",
        new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "CreateContainerConfigError", ["message"] = message } },
        new JsonObject(), false, false, false, 0, false, 0, untilNextAttempt,
        [(EventRecorder.Warning, "Failed", $"Error: {message}")]);

    private ContainerView Creating(TimeSpan next) => new(
        "creating",
        new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ContainerCreating" } },
        new JsonObject(), false, false, false, 0, false, 0, next,
        [(EventRecorder.Normal, "Pulling", $"Pulling image \"{_image}\"")]);

    private ContainerView Running(TimeSpan t, TimeSpan startAt, TimeSpan? readyAt, TimeSpan? exitAt)
    {
        var ready = readyAt is { } r && t >= r;
        var events = new List<(string, string, string)>();
        string stage;
        TimeSpan? next = exitAt - t;
        if (_unready is { } output)
        {
            var probes = (int)((t - startAt) / ProbePeriod);
            stage = $"unhealthy-{probes}";
            events.Add((EventRecorder.Warning, "Unhealthy", output.EventMessage("Readiness")));
            var nextProbe = startAt + (ProbePeriod * (probes + 1)) - t;
            next = next is { } n && n < nextProbe ? n : nextProbe;
        }
        else
        {
            stage = ready ? "ready" : "running";
            if (!ready && readyAt is { } pending)
            {
                next = next is { } n && n < pending - t ? n : pending - t;
            }
        }

        return new ContainerView(stage,
            new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Stamp(startAt) } },
            new JsonObject(), ready, true, true, 0, false, 0, next, events);
    }

    /// <summary>
    /// Run k starts at s(k) and is killed at s(k) + KillAfter, after a failed probe every period (each an Unhealthy
    /// Event) and the kubelet's Killing Event; it exits 137. The first restart comes one step later (terminated
    /// meanwhile), restart k after <c>RestartBackOff</c> × 2^(k-1) in CrashLoopBackOff, as with any crash. A pod that
    /// does not restart it (restartPolicy Never) is finished.
    /// </summary>
    private ContainerView LivenessLoop(TimeSpan t, TimeSpan startAt, TimeSpan? readyOffset, LivenessFailure liveness)
    {
        const int Killed = 137;
        var wait = (int k) => k == 0 ? _step : BackOff(k - 1);
        var runStart = startAt;
        var run = 0;
        while (_restartPolicy != "Never" && t >= runStart + liveness.KillAfter + wait(run))
        {
            runStart += liveness.KillAfter + wait(run);
            run++;
        }

        var killAt = runStart + liveness.KillAfter;
        var previousStart = run == 0 ? startAt : runStart - wait(run - 1) - liveness.KillAfter;
        var lastState = run == 0
            ? new JsonObject()
            : new JsonObject { ["terminated"] = Terminated(Killed, "Error", previousStart, previousStart + liveness.KillAfter, run - 1) };
        var failed = $"{liveness.Kind} probe failed: {liveness.Output}";
        if (t < killAt)
        {
            var probes = t < runStart + liveness.InitialDelay ? 0 : (int)((t - runStart - liveness.InitialDelay) / liveness.Period) + 1;
            var events = new List<(string, string, string)>();
            if (run > 0 && probes == 0)
            {
                events.AddRange(StartEvents(first: false));
            }

            if (probes > 0)
            {
                events.Add((EventRecorder.Warning, "Unhealthy", failed));
            }

            var nextProbe = runStart + liveness.InitialDelay + (liveness.Period * probes) - t;
            var ready = liveness.Kind == "Liveness" && readyOffset is { } offset && t >= runStart + offset;
            var next = killAt - t < nextProbe ? killAt - t : nextProbe;
            if (liveness.Kind == "Liveness" && !ready && readyOffset is { } pending && runStart + pending - t < next)
            {
                next = runStart + pending - t;
            }

            return new ContainerView($"live-{run}-{probes}-{(ready ? "ready" : "running")}",
                new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Stamp(runStart) } },
                lastState, ready, liveness.Kind == "Liveness", true, run, false, 0, next, events);
        }

        var killed = Terminated(Killed, "Error", runStart, killAt, run);
        var killEvents = new List<(string, string, string)>
        {
            (EventRecorder.Warning, "Unhealthy", failed),
            (EventRecorder.Normal, "Killing", $"Container {_name} failed {liveness.Kind.ToLowerInvariant()} probe, will be restarted"),
        };
        if (_restartPolicy == "Never")
        {
            return new ContainerView("live-killed", new JsonObject { ["terminated"] = killed }, lastState, false, false, true, run, true, Killed, null, killEvents);
        }

        if (run == 0)
        {
            return new ContainerView("live-killed-0", new JsonObject { ["terminated"] = killed }, lastState, false, false, true, 0, false, Killed, killAt + wait(0) - t, killEvents);
        }

        killEvents.Add((EventRecorder.Warning, "BackOff", $"Back-off restarting failed container {_name} in pod {_podRef}"));
        return new ContainerView($"live-backoff-{run}",
            new JsonObject
            {
                ["waiting"] = new JsonObject
                {
                    ["reason"] = "CrashLoopBackOff",
                    ["message"] = $"back-off {GoDuration(wait(run))} restarting failed container={_name} pod={_podRef}",
                },
            },
            new JsonObject { ["terminated"] = killed },
            false, false, true, run, false, Killed, killAt + wait(run) - t, killEvents);
    }

    private ContainerView PullFailure(TimeSpan t)
    {
        if (t < _delay)
        {
            return Creating(_delay - t);
        }

        var reference = QualifiedImage;
        var cycle = 0;
        var cycleStart = _delay;
        while (t >= cycleStart + BackOff(cycle))
        {
            cycleStart += BackOff(cycle);
            cycle++;
        }

        var next = cycleStart + BackOff(cycle) - t;
        if (cycle == 0)
        {
            var pullMessage = $"rpc error: code = NotFound desc = failed to pull and unpack image \"{reference}\": failed to resolve reference \"{reference}\": {reference}: not found";
            return new ContainerView("pull-error",
                new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ErrImagePull", ["message"] = pullMessage } },
                new JsonObject(), false, false, false, 0, false, 0, next,
                [
                    (EventRecorder.Warning, "Failed", $"Failed to pull image \"{_image}\": {pullMessage}"),
                    (EventRecorder.Warning, "Failed", "Error: ErrImagePull"),
                ]);
        }

        var backOffMessage = $"Back-off pulling image \"{_image}\"";
        return new ContainerView($"pull-backoff-{cycle}",
            new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ImagePullBackOff", ["message"] = backOffMessage } },
            new JsonObject(), false, false, false, 0, false, 0, next,
            [
                (EventRecorder.Normal, "BackOff", backOffMessage),
                (EventRecorder.Warning, "Failed", "Error: ImagePullBackOff"),
            ]);
    }

    /// <summary>
    /// The first exit shows as terminated for one step; then restart n (n ≥ 1) sits in CrashLoopBackOff for
    /// RestartBackOff × 2^(n-1) (at most 32×) with the previous exit as lastState.
    /// </summary>
    private ContainerView CrashLoop(TimeSpan t, TimeSpan startAt, TimeSpan exitAt, int exitCode, string reason)
    {
        var firstRestart = exitAt + _step;
        if (t < firstRestart)
        {
            return new ContainerView("exited-0",
                new JsonObject { ["terminated"] = Terminated(exitCode, reason, startAt, exitAt, 0) },
                new JsonObject(), false, false, true, 0, false, exitCode, firstRestart - t, []);
        }

        var restarts = 1;
        var since = firstRestart;
        while (t >= since + BackOff(restarts - 1))
        {
            since += BackOff(restarts - 1);
            restarts++;
        }

        var wait = BackOff(restarts - 1);
        var crashEvents = StartEvents(first: false).ToList();
        crashEvents.Add((EventRecorder.Warning, "BackOff", $"Back-off restarting failed container {_name} in pod {_podRef}"));
        return new ContainerView($"crash-{restarts}",
            new JsonObject
            {
                ["waiting"] = new JsonObject
                {
                    ["reason"] = "CrashLoopBackOff",
                    ["message"] = $"back-off {GoDuration(wait)} restarting failed container={_name} pod={_podRef}",
                },
            },
            new JsonObject { ["terminated"] = Terminated(exitCode, reason, since, since, restarts - 1) },
            false, false, true, restarts, false, exitCode, since + wait - t, crashEvents);
    }

    private List<(string Type, string Reason, string Message)> StartEvents(bool first) =>
    [
        first
            ? (EventRecorder.Normal, "Pulled", $"Successfully pulled image \"{_image}\" in {GoDuration(_delay)} ({GoDuration(_delay)} including waiting). Image size: 7654321 bytes.")
            : (EventRecorder.Normal, "Pulled", $"Container image \"{_image}\" already present on machine"),
        (EventRecorder.Normal, "Created", $"Created container: {_name}"),
        (EventRecorder.Normal, "Started", $"Started container {_name}"),
    ];

    /// <summary>Pulled, Created, Started for the first run: the kubelet writes them once, whichever stage comes first.</summary>
    public IReadOnlyList<(string Type, string Reason, string Message)> FirstStartEvents() => StartEvents(first: true);

    private JsonObject Terminated(int exitCode, string reason, TimeSpan startedAt, TimeSpan finishedAt, int attempt) => new()
    {
        ["exitCode"] = exitCode,
        ["reason"] = reason.Length > 0 ? reason : exitCode == 0 ? "Completed" : "Error",
        ["startedAt"] = Stamp(startedAt),
        ["finishedAt"] = Stamp(finishedAt),
        ["containerID"] = ContainerId(attempt),
    };

    public string ContainerId(int attempt) => "containerd://" + Hex($"{_idSeed}/{attempt}");

    private TimeSpan BackOff(int doublings) => _backOff * (1 << Math.Min(doublings, MaxBackOffDoublings));

    /// <summary>The kubelet's retry back-off after <paramref name="doublings"/> failures: RestartBackOff × 2ⁿ, at most 32×.</summary>
    public static TimeSpan RetryBackOff(LocalClusterOptions options, int doublings) =>
        BackOffBase(options) * (1 << Math.Min(doublings, MaxBackOffDoublings));

    private static TimeSpan BackOffBase(LocalClusterOptions options) =>
        options.RestartBackOff > TimeSpan.Zero ? options.RestartBackOff : TimeSpan.FromMilliseconds(10);

    private string Stamp(TimeSpan offset) => ObjectMeta.Timestamp(_origin + offset);

    private static string Hex(string seed) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed)));

    /// <summary>Go's time.Duration.String() for the durations used here ("500ms", "1.5s", "1m20s").</summary>
    private static string GoDuration(TimeSpan d)
    {
        if (d < TimeSpan.FromSeconds(1))
        {
            return $"{(long)d.TotalMilliseconds}ms";
        }

        var seconds = (d.TotalSeconds % 60).ToString("0.###", CultureInfo.InvariantCulture);
        return d < TimeSpan.FromMinutes(1) ? seconds + "s" : $"{(long)d.TotalMinutes}m{seconds}s";
    }
}
