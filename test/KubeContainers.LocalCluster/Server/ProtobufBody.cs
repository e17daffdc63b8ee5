using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;

namespace KubeContainers.LocalCluster.Server;

/// <summary>
/// Turns a request body in Kubernetes' protobuf encoding (<c>application/vnd.kubernetes.protobuf</c>) into the JSON
/// object the rest of the server works on. The encoding is the magic <c>k8s\0</c> then a runtime.Unknown:
/// typeMeta (1: apiVersion 1, kind 2), raw (2: the object's own message), contentEncoding (3), contentType (4).
/// Kinds outside <see cref="ProtobufSchema.Kinds"/> answer 415 naming the kind; answers are always JSON, which
/// client-go accepts as well (it sends <c>Accept: application/vnd.kubernetes.protobuf, application/json</c>).
/// </summary>
internal static class ProtobufBody
{
    public const string ContentType = "application/vnd.kubernetes.protobuf";

    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    public static JsonObject Decode(ReadOnlyMemory<byte> body)
    {
        if (!body.Span.StartsWith(Magic))
        {
            throw ApiException.BadRequest("the protobuf body does not start with the Kubernetes magic number \"k8s\\x00\"");
        }

        try
        {
            string apiVersion = "", kind = "", encoding = "";
            var raw = ReadOnlyMemory<byte>.Empty;
            foreach (var field in ProtobufWire.Fields(body[Magic.Length..]))
            {
                switch (field.Number)
                {
                    case 1:
                        foreach (var typeMeta in ProtobufWire.Fields(field.Bytes))
                        {
                            if (typeMeta.Number == 1)
                            {
                                apiVersion = Text(typeMeta);
                            }
                            else if (typeMeta.Number == 2)
                            {
                                kind = Text(typeMeta);
                            }
                        }

                        break;
                    case 2:
                        raw = field.Bytes;
                        break;
                    case 3:
                        encoding = Text(field);
                        break;
                }
            }

            if (encoding.Length > 0)
            {
                throw Unsupported($"contentEncoding \"{encoding}\" of {kind}");
            }

            if (!ProtobufSchema.Kinds.TryGetValue((apiVersion, kind), out var message))
            {
                throw Unsupported($"kind {kind} ({apiVersion})");
            }

            var result = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
            MoveInto(Message(raw, message, kind), result);
            return result;
        }
        catch (FormatException e)
        {
            throw ApiException.BadRequest($"the request body is not valid Kubernetes protobuf: {e.Message}");
        }
    }

    private static ApiException Unsupported(string what) => new(415, "UnsupportedMediaType",
        $"the local cluster does not decode {what} from {ContentType}: send it as application/json");

    private static JsonObject Message(ReadOnlyMemory<byte> bytes, string message, string path)
    {
        var schema = ProtobufSchema.Messages[message];
        var json = new JsonObject();
        foreach (var field in ProtobufWire.Fields(bytes))
        {
            if (!schema.TryGetValue(field.Number, out var known))
            {
                // Go writes every plain field, empty or not: an empty one that is not listed carries nothing.
                if (field.Varint == 0 && field.Bytes.IsEmpty)
                {
                    continue;
                }

                throw Unsupported($"field {field.Number} of {message} (in {path})");
            }

            if (known.Type == "-")
            {
                continue;
            }

            var fieldPath = $"{path}.{known.Name}";
            if (known.Name == "~")
            {
                MoveInto(Message(field.Bytes, known.Type, path), json);
                continue;
            }

            if (known.Repeated)
            {
                // Repeated elements are kept even when empty: apiGroups [""] is the core group.
                ((json[known.Name] ??= new JsonArray()).AsArray()).Add(Value(field, known.Type, fieldPath));
                continue;
            }

            if (known.Type.StartsWith("map", StringComparison.Ordinal))
            {
                var (key, value) = Entry(field, known.Type, fieldPath);
                (json[known.Name] ??= new JsonObject()).AsObject()[key] = value;
                continue;
            }

            var node = Value(field, known.Type, fieldPath);
            if (known.Pointer || !IsEmpty(node))
            {
                json[known.Name] = node;
            }
        }

        return json;
    }

    /// <summary>A map entry: key 1, value 2 (keys and values are kept even when empty: a label may be "").</summary>
    private static (string Key, JsonNode? Value) Entry(ProtobufField field, string mapType, string path)
    {
        var valueType = mapType.Contains(':', StringComparison.Ordinal) ? mapType[(mapType.IndexOf(':', StringComparison.Ordinal) + 1)..] : "string";
        string key = "";
        JsonNode? value = Value(default, valueType, path);
        foreach (var part in ProtobufWire.Fields(field.Bytes))
        {
            if (part.Number == 1)
            {
                key = Text(part);
            }
            else if (part.Number == 2)
            {
                value = Value(part, valueType, $"{path}[{key}]");
            }
        }

        return (key, value);
    }

    private static JsonNode? Value(ProtobufField field, string type, string path) => type switch
    {
        "string" => Text(field),
        "bytes" => Convert.ToBase64String(field.Bytes.Span),
        "int" => JsonValue.Create((long)field.Varint),
        "bool" => JsonValue.Create(field.Varint != 0),
        "Quantity" => Scalar(field, 1),
        "Time" => Time(field.Bytes),
        "IntOrString" => IntOrString(field.Bytes),
        _ => Message(field.Bytes, type, path),
    };

    /// <summary>metav1.Time: seconds 1 and nanos 2 since the epoch, in JSON an RFC 3339 time to the second; unset is null.</summary>
    private static JsonNode? Time(ReadOnlyMemory<byte> bytes)
    {
        long seconds = 0;
        foreach (var part in ProtobufWire.Fields(bytes).Where(p => p.Number == 1))
        {
            seconds = (long)part.Varint;
        }

        return bytes.IsEmpty ? null : DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>intstr.IntOrString: type 1 (0 int, 1 string), intVal 2, strVal 3; in JSON a number or a string.</summary>
    private static JsonNode? IntOrString(ReadOnlyMemory<byte> bytes)
    {
        var parts = ProtobufWire.Fields(bytes);
        var isString = parts.Any(p => p.Number == 1 && p.Varint == 1);
        return isString
            ? Text(parts.LastOrDefault(p => p.Number == 3))
            : JsonValue.Create((int)(long)(parts.LastOrDefault(p => p.Number == 2).Varint));
    }

    /// <summary>The one string field of a wrapper message (resource.Quantity: string 1).</summary>
    private static string Scalar(ProtobufField field, int number) =>
        ProtobufWire.Fields(field.Bytes).Where(p => p.Number == number).Select(Text).LastOrDefault() ?? "";

    private static void MoveInto(JsonObject from, JsonObject to)
    {
        foreach (var name in from.Select(p => p.Key).ToList())
        {
            var value = from[name];
            from.Remove(name);
            to[name] = value;
        }
    }

    private static string Text(ProtobufField field) => Encoding.UTF8.GetString(field.Bytes.Span);

    private static bool IsEmpty(JsonNode? node) => node switch
    {
        null => true,
        JsonObject o => o.Count == 0,
        JsonArray a => a.Count == 0,
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length == 0,
        JsonValue v when v.TryGetValue<long>(out var l) => l == 0,
        JsonValue v when v.TryGetValue<int>(out var i) => i == 0,
        JsonValue v when v.TryGetValue<bool>(out var b) => !b,
        _ => false,
    };
}
