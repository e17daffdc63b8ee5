using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Server;

/// <summary>The streams an exec or attach asked for (query <c>stdin</c>, <c>stdout</c>, <c>stderr</c>, <c>tty</c>).</summary>
internal sealed record ExecStreams(bool Stdin, bool Stdout, bool Stderr, bool Tty);

/// <summary>
/// One exec or attach WebSocket in the channel protocol (v4, v5): a single writer (the handler) sending each write as
/// one binary message after its channel's byte, and a reader that answers pings and collects stdin until it is closed
/// (v5's close signal, 255 then the stream's byte, or the connection's end).
/// </summary>
internal sealed class ChannelSession(WebSocket socket, bool isV5, ExecStreams streams, CancellationToken aborted)
{
    private const byte Stdin = 0;
    private const byte Stdout = 1;
    private const byte Stderr = 2;
    private const byte Error = 3;
    private const byte Close = 255;
    private const int MaxFrame = 32 * 1024;
    private readonly MemoryStream _stdin = new();
    private readonly System.Threading.Channels.Channel<byte[]> _stdinChunks = System.Threading.Channels.Channel.CreateUnbounded<byte[]>();
    private readonly TaskCompletionSource _stdinClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsV5 { get; } = isV5;

    public ExecStreams Streams { get; } = streams;

    public CancellationToken Aborted { get; } = aborted;

    public bool ClientClosed { get; private set; }

    public async Task<string> StdinAsync()
    {
        await _stdinClosed.Task.WaitAsync(Aborted);
        lock (_stdin)
        {
            return Encoding.UTF8.GetString(_stdin.GetBuffer(), 0, (int)_stdin.Length);
        }
    }

    public async Task ReceiveAsync()
    {
        var buffer = new byte[MaxFrame];
        var message = new MemoryStream();
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, Aborted);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    ClientClosed = true;
                    break;
                }

                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage)
                {
                    continue;
                }

                var data = message.ToArray();
                message.SetLength(0);
                if (data.Length >= 1 && data[0] == Stdin)
                {
                    lock (_stdin)
                    {
                        _stdin.Write(data, 1, data.Length - 1);
                    }

                    _stdinChunks.Writer.TryWrite(data[1..]);
                }
                else if (IsV5 && data is [Close, Stdin, ..])
                {
                    _stdinClosed.TrySetResult();
                    _stdinChunks.Writer.TryComplete();
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            ClientClosed = true;
        }
        finally
        {
            _stdinClosed.TrySetResult();
            _stdinChunks.Writer.TryComplete();
        }
    }

    /// <summary>stdout and stderr on their channels, as asked; with a TTY, stderr joins stdout and line ends are CRLF.</summary>
    public async Task SendOutputAsync(string stdout, string stderr)
    {
        if (Streams.Tty)
        {
            await SendAsync(Stdout, (stdout + stderr).Replace("\n", "\r\n", StringComparison.Ordinal));
            return;
        }

        if (Streams.Stdout)
        {
            await SendAsync(Stdout, stdout);
        }

        if (Streams.Stderr)
        {
            await SendAsync(Stderr, stderr);
        }
    }

    /// <summary>What arrives on stdin, chunk by chunk, until it is closed.</summary>
    public IAsyncEnumerable<byte[]> StdinChunksAsync() => _stdinChunks.Reader.ReadAllAsync(Aborted);

    /// <summary>Bytes for the terminal as they are (the caller has made its line ends CRLF).</summary>
    public Task SendTerminalAsync(string text) => SendAsync(Stdout, text);

    public Task SendStatusAsync(JsonObject status) => SendAsync(Error, status.ToJsonString());

    public async Task CloseAsync()
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", Aborted);
        }
    }

    private async Task SendAsync(byte channel, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        for (var offset = 0; offset < bytes.Length; offset += MaxFrame - 1)
        {
            var count = Math.Min(MaxFrame - 1, bytes.Length - offset);
            var frame = new byte[count + 1];
            frame[0] = channel;
            Array.Copy(bytes, offset, frame, 1, count);
            await socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, Aborted);
        }
    }
}
