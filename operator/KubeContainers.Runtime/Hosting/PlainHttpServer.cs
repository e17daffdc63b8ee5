using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace KubeContainers.Runtime.Hosting;

/// <summary>What the plain server passes a handler: the method, the path without its query, the Accept header.</summary>
internal readonly record struct PlainHttpRequest(string Method, string Path, string Accept);

/// <summary>A complete response: status, content type and body (sent with Content-Length).</summary>
internal readonly record struct PlainHttpResponse(int Status, string ContentType, ReadOnlyMemory<byte> Body)
{
    public static PlainHttpResponse Text(int status, string text) =>
        new(status, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(text));

    public static PlainHttpResponse Empty(int status) => new(status, "", ReadOnlyMemory<byte>.Empty);
}

/// <summary>
/// A small HTTP/1.1 server for probes and scrapes: bodiless GETs answered in full, keep-alive, nothing else. It
/// replaces Kestrel, whose assemblies, routing and memory pools were a fifth of the idle operator's memory
/// (docs/benchmarks.md, "Idle memory"). Each port listens on every address (IPv6 dual-mode, IPv4 where IPv6 is off).
/// </summary>
internal sealed class PlainHttpServer : IAsyncDisposable
{
    /// <summary>The longest request head accepted (Kestrel allows 32 KiB; probes and scrapes send a few hundred bytes).</summary>
    private const int MaxHead = 16 * 1024;

    /// <summary>The most request body read and dropped to keep a connection (nothing here takes a body).</summary>
    private const int MaxDiscardedBody = 64 * 1024;

    /// <summary>Kestrel's defaults: 30 s to send a request head, 130 s idle between requests.</summary>
    private static readonly TimeSpan HeadTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(130);

    private readonly CancellationTokenSource stopping = new();
    private readonly List<Socket> listeners = [];
    private readonly List<Task> acceptLoops = [];
    private readonly ConcurrentDictionary<Socket, Task> connections = new();

    private PlainHttpServer()
    {
    }

    /// <summary>The ports bound, in the order given (a port given as 0 shows the one the system picked).</summary>
    public IReadOnlyList<int> Ports { get; private set; } = [];

    /// <summary>Binds every port at once (throws when one is taken), then serves each with its handler.</summary>
    public static PlainHttpServer Start(IReadOnlyList<(int Port, Func<PlainHttpRequest, CancellationToken, ValueTask<PlainHttpResponse>> Handler)> endpoints)
    {
        var server = new PlainHttpServer();
        try
        {
            foreach (var (port, _) in endpoints)
            {
                server.listeners.Add(Listen(port));
            }
        }
        catch
        {
            foreach (var listener in server.listeners)
            {
                listener.Dispose();
            }

            throw;
        }

        server.Ports = [.. server.listeners.Select(l => ((IPEndPoint)l.LocalEndPoint!).Port)];
        for (var i = 0; i < endpoints.Count; i++)
        {
            server.acceptLoops.Add(server.AcceptAsync(server.listeners[i], endpoints[i].Handler));
        }

        return server;
    }

    /// <summary>Stops listening and closes every connection (a probe or scrape in flight is cut: both retry).</summary>
    public async ValueTask DisposeAsync()
    {
        if (stopping.IsCancellationRequested)
        {
            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        foreach (var listener in listeners)
        {
            listener.Dispose();
        }

        foreach (var connection in connections.Keys)
        {
            connection.Dispose();
        }

        await Task.WhenAll([.. acceptLoops, .. connections.Values]).ConfigureAwait(false);
        stopping.Dispose();
    }

    private static Socket Listen(int port)
    {
        Socket socket;
        if (Socket.OSSupportsIPv6)
        {
            socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressFamilyNotSupported)
            {
                socket.Dispose();
                socket = Ipv4(port);
            }
        }
        else
        {
            socket = Ipv4(port);
        }

        socket.Listen(128);
        return socket;

        static Socket Ipv4(int port)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Any, port));
            return socket;
        }
    }

    private async Task AcceptAsync(Socket listener, Func<PlainHttpRequest, CancellationToken, ValueTask<PlainHttpResponse>> handler)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                // One connection that failed while being accepted (reset by the peer): keep listening.
                continue;
            }

            client.NoDelay = true;
            // Continued on the thread pool: served inline, a connection with its request already waiting would be
            // parsed and answered (a whole /metrics) on this loop before the next one is accepted.
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var served = ServeAndForgetAsync(client, handler, gate.Task);
            connections[client] = served;
            gate.SetResult();
        }
    }

    private async Task ServeAndForgetAsync(Socket client, Func<PlainHttpRequest, CancellationToken, ValueTask<PlainHttpResponse>> handler, Task registered)
    {
        await registered.ConfigureAwait(false);
        try
        {
            await ServeAsync(client, handler).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer went away, a timeout passed or the server stops: the connection simply ends.
        }
        finally
        {
            connections.TryRemove(client, out _);
            client.Dispose();
        }
    }

    /// <summary>Serves requests on one connection until the peer or a timeout closes it or a response says close.</summary>
    private async Task ServeAsync(Socket client, Func<PlainHttpRequest, CancellationToken, ValueTask<PlainHttpResponse>> handler)
    {
        var buffer = new byte[4096];
        var filled = 0;
        while (true)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
            timeout.CancelAfter(filled == 0 ? KeepAliveTimeout : HeadTimeout);
            int headEnd;
            while ((headEnd = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
            {
                if (filled == buffer.Length)
                {
                    if (buffer.Length >= MaxHead)
                    {
                        await SendAsync(client, PlainHttpResponse.Empty(431), head: false, close: true).ConfigureAwait(false);
                        return;
                    }

                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var read = await client.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, timeout.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                filled += read;
                timeout.CancelAfter(HeadTimeout);
            }

            if (!TryParse(Encoding.Latin1.GetString(buffer, 0, headEnd), out var request, out var bodyLength, out var close))
            {
                await SendAsync(client, PlainHttpResponse.Empty(400), head: false, close: true).ConfigureAwait(false);
                return;
            }

            // Drop a body nobody reads (none of the paths takes one), so the next request on the connection parses.
            var consumed = headEnd + 4;
            var buffered = filled - consumed;
            if (bodyLength > MaxDiscardedBody)
            {
                await SendAsync(client, PlainHttpResponse.Empty(413), head: false, close: true).ConfigureAwait(false);
                return;
            }

            for (var left = bodyLength - Math.Min(buffered, bodyLength); left > 0;)
            {
                var read = await client.ReceiveAsync(buffer.AsMemory(0, Math.Min(left, buffer.Length)), SocketFlags.None, timeout.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                left -= read;
                consumed = filled = 0;
                buffered = 0;
            }

            consumed += Math.Min(buffered, bodyLength);
            buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
            filled -= consumed;

            PlainHttpResponse response;
            try
            {
                response = await handler(request, stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A handler's bug answers 500 and ends the connection instead of ending the server's loop.
                response = PlainHttpResponse.Text(500, "internal error");
                close = true;
            }

            await SendAsync(client, response, head: request.Method == "HEAD", close).ConfigureAwait(false);
            if (close)
            {
                client.Shutdown(SocketShutdown.Both);
                return;
            }
        }
    }

    /// <summary>Reads the request line and the headers the server needs. False for anything it cannot serve
    /// (a malformed head, a chunked body, HTTP other than 1.0 and 1.1), which is answered 400 and closed.</summary>
    internal static bool TryParse(string head, out PlainHttpRequest request, out int bodyLength, out bool close)
    {
        request = default;
        bodyLength = 0;
        close = true;
        var lines = head.Split("\r\n");
        var parts = lines[0].Split(' ');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[2] is not ("HTTP/1.1" or "HTTP/1.0"))
        {
            return false;
        }

        close = parts[2] == "HTTP/1.0";
        var accept = new List<string>();
        foreach (var line in lines.AsSpan(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return false;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out bodyLength))
                {
                    return false;
                }
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                var tokens = value.Split(',', StringSplitOptions.TrimEntries);
                close = tokens.Contains("close", StringComparer.OrdinalIgnoreCase)
                    || (close && !tokens.Contains("keep-alive", StringComparer.OrdinalIgnoreCase));
            }
            else if (name.Equals("Accept", StringComparison.OrdinalIgnoreCase))
            {
                accept.Add(value);
            }
        }

        request = new PlainHttpRequest(parts[0], PathOf(parts[1]), string.Join(',', accept));
        return request.Path.Length > 0;
    }

    /// <summary>The path of an origin-form ("/readyz?verbose") or absolute-form ("http://host:8081/readyz") target.</summary>
    private static string PathOf(string target)
    {
        if (!target.StartsWith('/'))
        {
            return Uri.TryCreate(target, UriKind.Absolute, out var uri) ? uri.AbsolutePath : "";
        }

        var query = target.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? target : target[..query];
    }

    private static async Task SendAsync(Socket client, PlainHttpResponse response, bool head, bool close)
    {
        var header = new StringBuilder(160)
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {response.Status} {Reason(response.Status)}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {response.Body.Length}\r\n");
        if (response.ContentType.Length > 0)
        {
            header.Append(CultureInfo.InvariantCulture, $"Content-Type: {response.ContentType}\r\n");
        }

        if (response.Status == 405)
        {
            header.Append("Allow: GET, HEAD\r\n");
        }

        if (close)
        {
            header.Append("Connection: close\r\n");
        }

        var bytes = Encoding.ASCII.GetBytes(header.Append("\r\n").ToString());
        await client.SendAsync(bytes, SocketFlags.None).ConfigureAwait(false);
        if (!head && response.Body.Length > 0)
        {
            await client.SendAsync(response.Body, SocketFlags.None).ConfigureAwait(false);
        }
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Payload Too Large",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };
}
