using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Auth;
using KubeContainers.LocalCluster.Controllers;
using KubeContainers.LocalCluster.Controllers.Kubelet;
using KubeContainers.LocalCluster.Controllers.Kubelet.Exec;
using KubeContainers.LocalCluster.Storage;
using Microsoft.AspNetCore.Http;

namespace KubeContainers.LocalCluster.Server;

/// <summary>
/// <c>pods/exec</c> and <c>pods/attach</c> over WebSocket, in the channel protocol of kubectl 1.30+
/// (<c>v5.channel.k8s.io</c>, which kube-apiserver's stream translator serves) and of older clients and the C#
/// KubernetesClient (<c>v4.channel.k8s.io</c>, which the apiserver proxies to the kubelet's streaming server): each
/// binary message is one byte naming the channel (0 stdin, 1 stdout, 2 stderr, 3 error, 4 resize; in v5 also 255,
/// a stream's close) and its data. The error channel carries the metav1.Status the kubelet ends with: Success,
/// NonZeroExitCode with the code as the ExitCode cause (kubectl prints <c>command terminated with exit code N</c>),
/// or an InternalError (a program the container does not have; a container that does not run). Commands run in
/// <see cref="SimulatedShell"/>; attach writes what the container's process writes from now on (its log lines).
/// SPDY upgrades (kubectl with <c>KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false</c>) are not served.
/// </summary>
internal sealed class PodExec(ResourceService api, ClusterAuth auth, LocalClusterOptions options)
{
    public const string V5 = "v5.channel.k8s.io";

    public const string V4 = "v4.channel.k8s.io";

    private static readonly string[] Supported = [V5, V4];

    public async Task ServeAsync(HttpContext context, string ns, string name, string subresource, UserInfo user)
    {
        var request = context.Request;
        var attach = subresource == PodStreams.Attach;
        var webSocket = context.WebSockets.IsWebSocketRequest;
        if (webSocket)
        {
            // AuthorizePodWebsocketUpgradeCreatePermission: a WebSocket upgrade is a GET (authorized as get), but
            // opens an exec or attach as SPDY's POST does, so it also needs create on the subresource.
            auth.Require(request, new AuthorizationAttributes(user, "create", true, request.Path.Value ?? "", "", "v1", "pods", subresource, ns, name));
        }

        var query = request.Query;
        var command = query["command"].Where(c => c is not null).Select(c => c!).ToList();
        var streams = new ExecStreams(LogQuery.GoBool(query, "stdin"), LogQuery.GoBool(query, "stdout"), LogQuery.GoBool(query, "stderr"), LogQuery.GoBool(query, "tty"));
        if (!attach && command.Count == 0)
        {
            throw ApiException.BadRequest("you must specify at least 1 command");
        }

        if (!streams.Stdin && !streams.Stdout && !streams.Stderr)
        {
            throw ApiException.BadRequest("you must specify at least 1 of stdin, stdout, stderr");
        }

        var pod = api.Get(BuiltinResources.Pods, ns, name);
        var containerName = StreamContainer(pod, query["container"].FirstOrDefault());
        if (pod.ObjectAt("spec").Str("nodeName") is not { Length: > 0 })
        {
            throw ApiException.BadRequest($"pod {name} does not have a host assigned");
        }

        if (!webSocket)
        {
            // After the same checks as upstream, so that kubectl's fallback to SPDY (after a refused WebSocket
            // upgrade) reports the same refusal the apiserver gives.
            throw ApiException.BadRequest(request.Headers.Upgrade.Any(u => u?.StartsWith("SPDY", StringComparison.OrdinalIgnoreCase) == true)
                ? "SPDY is not served by the local cluster: use WebSockets (the default of kubectl 1.30+)"
                : "Upgrade request required");
        }

        var protocol = context.WebSockets.WebSocketRequestedProtocols.FirstOrDefault(p => Supported.Contains(p, StringComparer.Ordinal))
            ?? throw ApiException.BadRequest(
                $"requested protocol(s) are not supported: [{string.Join(' ', context.WebSockets.WebSocketRequestedProtocols)}]; supports [{string.Join(' ', Supported)}]");
        var running = IsRunning(pod, containerName);
        if (!running && protocol == V4)
        {
            // Proxied to the kubelet, which refuses before upgrading: the client sees its 500.
            context.Response.StatusCode = 500;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync($"container not found (\"{containerName}\")", context.RequestAborted);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(protocol);
        var session = new ChannelSession(socket, protocol == V5, streams, context.RequestAborted);
        var receiving = session.ReceiveAsync();
        try
        {
            if (!running)
            {
                // The stream translator upgraded first; the kubelet's refusal comes back as its SPDY upgrade error.
                await session.SendStatusAsync(InternalError($"unable to upgrade connection: container not found (\"{containerName}\")"));
            }
            else if (attach)
            {
                await AttachAsync(session, pod, containerName);
            }
            else
            {
                await ExecAsync(session, pod, containerName, command);
            }

            await session.CloseAsync();
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The client went away.
        }

        await Task.WhenAny(receiving, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None));
    }

    private async Task ExecAsync(ChannelSession session, JsonObject pod, string containerName, List<string> command)
    {
        var sandbox = ContainerSandbox.For(api, pod, PodContainers.Find(pod, containerName)!, options);
        var interactive = session.Streams.Stdin && session.Streams.Tty && SimulatedShell.Interactive.Starts(command);
        var stdin = "";
        if (session.Streams.Stdin && ReadsStdin(command) && !interactive)
        {
            // The simulated program runs on all of its input: once stdin is closed (v5's close signal, or the connection's end).
            stdin = await session.StdinAsync();
        }

        ExecResult result;
        try
        {
            // For a shell at a terminal, an empty run only proves the container has it.
            result = SimulatedShell.Run(sandbox, command, stdin);
            if (interactive)
            {
                await InteractiveAsync(session, command, new SimulatedShell.Interactive(sandbox, command[0]));
                return;
            }
        }
        catch (ExecStartException e)
        {
            var kubelet = $"error executing command in container: {e.Message}";
            await session.SendStatusAsync(session.IsV5 ? InternalError("Internal error occurred: " + kubelet) : InternalError(kubelet));
            return;
        }

        await session.SendOutputAsync(result.Stdout, result.Stderr);
        await SendExitAsync(session, command, result.ExitCode);
    }

    /// <summary>The error channel's last word: Success, or NonZeroExitCode with the code.</summary>
    private static async Task SendExitAsync(ChannelSession session, List<string> command, int exitCode)
    {
        if (exitCode == 0)
        {
            await session.SendStatusAsync(new JsonObject { ["metadata"] = new JsonObject(), ["status"] = "Success" });
            return;
        }

        // containerd's CodeExitError; through the v5 translator, client-go's own rewording of it.
        var exitError = session.IsV5
            ? $"command terminated with exit code {exitCode}"
            : $"error executing command [{string.Join(' ', command)}], exit code {exitCode}";
        await session.SendStatusAsync(new JsonObject
        {
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = $"command terminated with non-zero exit code: {exitError}",
            ["reason"] = "NonZeroExitCode",
            ["details"] = new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ExitCode", ["message"] = $"{exitCode}" }) },
        });
    }

    /// <summary>
    /// A shell at a terminal: the terminal's line discipline (echo, backspace, Ctrl-C, Ctrl-D on an empty line, CRLF
    /// line ends) in front of <see cref="SimulatedShell.Interactive"/>, which runs each line as it is entered; the
    /// session ends with the shell's exit, or its last status when stdin closes.
    /// </summary>
    private static async Task InteractiveAsync(ChannelSession session, List<string> command, SimulatedShell.Interactive shell)
    {
        var line = new StringBuilder();
        var decoder = Encoding.UTF8.GetDecoder();
        var afterReturn = false;
        await session.SendTerminalAsync(shell.Prompt);
        await foreach (var chunk in session.StdinChunksAsync())
        {
            var chars = new char[decoder.GetCharCount(chunk, 0, chunk.Length)];
            decoder.GetChars(chunk, 0, chunk.Length, chars, 0);
            var echo = new StringBuilder();
            foreach (var c in chars)
            {
                var wasReturn = afterReturn;
                afterReturn = c == '\r';
                switch (c)
                {
                    case '\n' when wasReturn:
                        break;
                    case '\r' or '\n':
                        echo.Append("\r\n").Append(shell.Run(line.ToString()).Replace("\n", "\r\n", StringComparison.Ordinal));
                        line.Clear();
                        if (shell.Exited)
                        {
                            await session.SendTerminalAsync(echo.ToString());
                            await SendExitAsync(session, command, shell.Status);
                            return;
                        }

                        echo.Append(shell.Prompt);
                        break;
                    case '\x7f' or '\b':
                        if (line.Length > 0)
                        {
                            line.Length--;
                            echo.Append("\b \b");
                        }

                        break;
                    case '\x03':
                        line.Clear();
                        echo.Append("^C\r\n").Append(shell.Prompt);
                        break;
                    case '\x04' when line.Length == 0:
                        await session.SendTerminalAsync(echo.Append("\r\n").ToString());
                        await SendExitAsync(session, command, shell.Status);
                        return;
                    default:
                        if (!char.IsControl(c))
                        {
                            line.Append(c);
                            echo.Append(c);
                        }

                        break;
                }
            }

            await session.SendTerminalAsync(echo.ToString());
        }

        await SendExitAsync(session, command, shell.Status);
    }

    /// <summary>Attach: what the container's process writes from now on, until it exits or the client leaves.</summary>
    private async Task AttachAsync(ChannelSession session, JsonObject pod, string containerName)
    {
        var container = PodContainers.Find(pod, containerName)!;
        var run = ContainerLog.RunToRead(pod, containerName, previous: false);
        var cursor = options.Clock.GetUtcNow();
        while (!session.Aborted.IsCancellationRequested && !session.ClientClosed)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), options.Clock, session.Aborted);
            if (api.TryGet(BuiltinResources.Pods, pod.Namespace(), pod.Name()) is not { } current || current.Uid() != pod.Uid())
            {
                break;
            }

            var now = options.Clock.GetUtcNow();
            ContainerRun latest;
            try
            {
                latest = ContainerLog.RunToRead(current, containerName, previous: false);
            }
            catch (ApiException)
            {
                break;
            }

            var ended = latest.ContainerId != run.ContainerId || latest.FinishedAt is not null;
            var lines = ContainerLog.Lines(api, current, container, ended && latest.ContainerId != run.ContainerId ? run with { FinishedAt = now } : latest, options, now)
                .Where(l => l.Time > cursor && !l.Exit).Select(l => l.Text + "\n");
            await session.SendOutputAsync(string.Concat(lines), "");
            cursor = now;
            if (ended)
            {
                break;
            }
        }

        await session.SendStatusAsync(new JsonObject { ["metadata"] = new JsonObject(), ["status"] = "Success" });
    }

    private static bool ReadsStdin(List<string> command)
    {
        var program = command[0][(command[0].LastIndexOf('/') + 1)..];
        return command.Count == 1 && program is "cat" or "sh" or "ash" or "bash" or "dash";
    }

    private static bool IsRunning(JsonObject pod, string containerName) =>
        pod.ObjectAt("status").Objects("containerStatuses").Concat(pod.ObjectAt("status").Objects("initContainerStatuses"))
            .Any(s => s.Str("name") == containerName && s.ObjectAt("state").ObjectAt("running") is not null);

    /// <summary>
    /// streamLocation's choice of container: the only one when none is named; with several, 400 naming the app
    /// containers and then the init containers; a name the pod does not have, 400.
    /// </summary>
    private static string StreamContainer(JsonObject pod, string? container)
    {
        var spec = pod.ObjectAt("spec");
        if (container is { Length: > 0 })
        {
            return PodContainers.Find(pod, container) is not null
                ? container
                : throw ApiException.BadRequest($"container {container} is not valid for pod {pod.Name()}");
        }

        var containers = spec.Objects("containers").Select(c => c.Str("name") ?? "").ToList();
        if (containers.Count == 1)
        {
            return containers[0];
        }

        if (containers.Count == 0)
        {
            throw ApiException.BadRequest($"a container name must be specified for pod {pod.Name()}");
        }

        var message = $"a container name must be specified for pod {pod.Name()}, choose one of: [{string.Join(' ', containers)}]";
        var init = spec.Objects("initContainers").Select(c => c.Str("name") ?? "").ToList();
        throw ApiException.BadRequest(init.Count > 0 ? $"{message} or one of the init containers: [{string.Join(' ', init)}]" : message);
    }

    /// <summary>apierrors.NewInternalError as json.Marshal writes it on the error channel (no kind or apiVersion).</summary>
    private static JsonObject InternalError(string cause) => new()
    {
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = $"Internal error occurred: {cause}",
        ["reason"] = "InternalError",
        ["details"] = new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["message"] = cause }) },
        ["code"] = 500,
    };
}
