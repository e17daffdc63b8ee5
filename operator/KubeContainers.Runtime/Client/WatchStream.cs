using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace KubeContainers.Runtime.Client;

/// <summary>
/// Opens a watch over the client's own HttpClient (its handlers, credentials and base URI) and decodes the stream of
/// events from its UTF-8 bytes, each object deserialised once. KubernetesClient's <c>Watcher</c> read every line into
/// a UTF-16 string and deserialised it twice (once to look for a Status, once as the kind): in a profile of the
/// converge phase the watch decoding was a tenth of the operator's CPU (docs/benchmarks.md, "CPU per reconcile").
/// </summary>
internal static class WatchStream
{
    private const int InitialBuffer = 16 * 1024;

    /// <summary>Objects come without managedFields (<see cref="ManagedFieldsSkipper"/>).</summary>
    private static readonly JsonSerializerOptions Json = ManagedFieldsSkipper.Options;

    /// <summary>The path and query of a watch of <paramref name="kind"/> (api/v1 for the core group).</summary>
    public static string PathOf(KindDescriptor kind, WatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(options);
        var path = new StringBuilder(kind.Group.Length == 0 ? "api/" : $"apis/{kind.Group}/");
        path.Append(kind.Version).Append('/');
        if (kind.Namespaced && options.Namespace is not null)
        {
            path.Append("namespaces/").Append(Uri.EscapeDataString(options.Namespace)).Append('/');
        }

        path.Append(kind.Plural).Append("?watch=true");
        if (options.AllowBookmarks)
        {
            path.Append("&allowWatchBookmarks=true");
        }

        Append(path, "resourceVersion", options.ResourceVersion);
        Append(path, "labelSelector", options.LabelSelector);
        Append(path, "fieldSelector", options.FieldSelector);
        Append(path, "timeoutSeconds", options.TimeoutSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return path.ToString();
    }

    /// <summary>Sends the watch request; a refusal (a 410 for a compacted resource version, a 403) is thrown as
    /// <see cref="KubeApiException"/>, as every other call of the client does.</summary>
    public static async Task<HttpResponseMessage> OpenAsync(Kubernetes kubernetes, KindDescriptor kind, WatchOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(kubernetes);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(kubernetes.BaseUri, PathOf(kind, options)))
        {
            Version = HttpVersion.Version20,
        };
        if (kubernetes.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, ct).ConfigureAwait(false);
        }

        var response = await kubernetes.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            var status = TryStatus(body);
            throw new KubeApiException(response.StatusCode, status?.Reason, status?.Message ?? $"watch of {kind.Plural} returned {(int)response.StatusCode}");
        }
    }

    /// <summary>The events of one watch response, until the server ends it. An ERROR event (410 Gone after
    /// compaction, say) ends the stream with a <see cref="KubeApiException"/> carrying its Status.</summary>
    public static async IAsyncEnumerable<WatchEvent<T>> ReadAsync<T>(Stream stream, [EnumeratorCancellation] CancellationToken ct)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        var (start, end) = (0, 0);
        try
        {
            while (true)
            {
                var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
                if (newline < 0)
                {
                    // Make room: move the partial line to the front, or grow the buffer for a long line.
                    if (start > 0)
                    {
                        buffer.AsSpan(start, end - start).CopyTo(buffer);
                        (start, end) = (0, end - start);
                    }

                    if (end == buffer.Length)
                    {
                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, end).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    var read = await stream.ReadAsync(buffer.AsMemory(end), ct).ConfigureAwait(false);
                    if (read == 0)
                    {
                        // The server ended the stream; a last line without a newline still counts.
                        if (Decode<T>(buffer.AsSpan(start, end - start)) is { } last)
                        {
                            yield return last;
                        }

                        yield break;
                    }

                    end += read;
                    continue;
                }

                var lineStart = start;
                start += newline + 1;
                if (Decode<T>(buffer.AsSpan(lineStart, newline)) is { } e)
                {
                    yield return e;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>One line of the stream: <c>{"type":..., "object":...}</c>. The object is deserialised straight from
    /// the reader when the type came first (as the API server writes it), else from its bytes once the type is known.
    /// Null for a blank line.</summary>
    internal static WatchEvent<T>? Decode<T>(ReadOnlySpan<byte> line)
        where T : class
    {
        if (line.Trim((byte)' ').Trim((byte)'\r').IsEmpty)
        {
            return null;
        }

        var reader = new Utf8JsonReader(line);
        Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject, "a watch event is not a JSON object");
        string? type = null;
        T? obj = null;
        var objectRange = (Start: -1, Length: 0);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = reader.GetString();
            }
            else if (reader.ValueTextEquals("object"u8))
            {
                reader.Read();
                if (type is not null && type != "ERROR")
                {
                    obj = JsonSerializer.Deserialize<T>(ref reader, Json);
                }
                else
                {
                    var at = (int)reader.TokenStartIndex;
                    reader.Skip();
                    objectRange = (at, (int)reader.BytesConsumed - at);
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (type == "ERROR")
        {
            var status = objectRange.Start >= 0 ? JsonSerializer.Deserialize<V1Status>(line.Slice(objectRange.Start, objectRange.Length), Json) : null;
            throw new KubeApiException((HttpStatusCode)(status?.Code ?? 500), status?.Reason, status?.Message ?? "watch error");
        }

        if (obj is null && objectRange.Start >= 0)
        {
            obj = JsonSerializer.Deserialize<T>(line.Slice(objectRange.Start, objectRange.Length), Json);
        }

        var eventType = type switch
        {
            "ADDED" => WatchEventType.Added,
            "MODIFIED" => WatchEventType.Modified,
            "DELETED" => WatchEventType.Deleted,
            "BOOKMARK" => WatchEventType.Bookmark,
            _ => throw new JsonException($"unknown watch event type '{type}'"),
        };
        return new WatchEvent<T>(eventType, obj ?? throw new JsonException($"a {type} watch event without an object"));
    }

    private static void Append(StringBuilder path, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            path.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
    }

    private static void Expect(bool condition, string message)
    {
        if (!condition)
        {
            throw new JsonException(message);
        }
    }

    private static V1Status? TryStatus(string body)
    {
        try
        {
            return string.IsNullOrEmpty(body) ? null : KubernetesJson.Deserialize<V1Status>(body);
        }
        catch (JsonException)
        {
            // Not a Status (a proxy's page): the status code speaks alone.
            return null;
        }
    }
}
