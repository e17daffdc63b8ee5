using System.Text;
using System.Text.Json.Nodes;

namespace KubeContainers.Deploy.Tests.Support;

/// <summary>
/// Reads a Secret that client-go sent as Kubernetes protobuf (<c>k8s\0</c>, then a runtime.Unknown holding the
/// v1.Secret) into its JSON form. Only what helm's release storage writes is understood: metadata name, generateName,
/// namespace, resourceVersion, labels, annotations and finalizers; data, stringData, type, immutable. Go's protobuf
/// writes every plain field, empty ones too; an empty field is skipped, any other field throws, so a change in what
/// helm sends shows up as a clear failure rather than a silently different Secret.
/// </summary>
internal static class ProtobufSecret
{
    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    public static bool IsEnvelope(ReadOnlySpan<byte> body) => body.StartsWith(Magic);

    /// <summary>The JSON of the Secret in the envelope; null when the envelope holds another kind.</summary>
    public static JsonObject? ToJson(byte[] body)
    {
        string? apiVersion = null, kind = null;
        byte[]? raw = null;
        foreach (var field in Fields(body.AsSpan(Magic.Length).ToArray()))
        {
            switch (field.Number)
            {
                case 1:
                    foreach (var typeMeta in Fields(field.Bytes))
                    {
                        if (typeMeta.Number == 1)
                        {
                            apiVersion = typeMeta.Text;
                        }
                        else if (typeMeta.Number == 2)
                        {
                            kind = typeMeta.Text;
                        }
                    }

                    break;
                case 2:
                    raw = field.Bytes;
                    break;
            }
        }

        if (apiVersion != "v1" || kind != "Secret" || raw is null)
        {
            return null;
        }

        var secret = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Secret" };
        foreach (var field in Fields(raw).Where(f => !f.IsEmpty))
        {
            switch (field.Number)
            {
                case 1:
                    secret["metadata"] = Metadata(field.Bytes);
                    break;
                case 2:
                    var (key, value) = Entry(field.Bytes);
                    Map(secret, "data")[key] = Convert.ToBase64String(value);
                    break;
                case 3:
                    secret["type"] = field.Text;
                    break;
                case 4:
                    var (name, text) = Entry(field.Bytes);
                    Map(secret, "stringData")[name] = Encoding.UTF8.GetString(text);
                    break;
                case 5:
                    secret["immutable"] = field.Varint != 0;
                    break;
                default:
                    throw new NotSupportedException($"Secret field {field.Number} in protobuf");
            }
        }

        return secret;
    }

    private static JsonObject Metadata(byte[] bytes)
    {
        var metadata = new JsonObject();
        foreach (var field in Fields(bytes).Where(f => !f.IsEmpty))
        {
            switch (field.Number)
            {
                case 1:
                    metadata["name"] = field.Text;
                    break;
                case 2:
                    metadata["generateName"] = field.Text;
                    break;
                case 3:
                    metadata["namespace"] = field.Text;
                    break;
                case 6:
                    metadata["resourceVersion"] = field.Text;
                    break;
                case 8:
                    // creationTimestamp: the server sets its own.
                    break;
                case 11:
                case 12:
                    var (key, value) = Entry(field.Bytes);
                    Map(metadata, field.Number == 11 ? "labels" : "annotations")[key] = Encoding.UTF8.GetString(value);
                    break;
                case 14:
                    (metadata["finalizers"] ??= new JsonArray()).AsArray().Add(field.Text);
                    break;
                default:
                    throw new NotSupportedException($"ObjectMeta field {field.Number} in protobuf");
            }
        }

        return metadata;
    }

    private static JsonObject Map(JsonObject parent, string name) => (parent[name] ??= new JsonObject()).AsObject();

    /// <summary>A map entry: key 1, value 2.</summary>
    private static (string Key, byte[] Value) Entry(byte[] bytes)
    {
        string key = "";
        byte[] value = [];
        foreach (var field in Fields(bytes))
        {
            if (field.Number == 1)
            {
                key = field.Text;
            }
            else if (field.Number == 2)
            {
                value = field.Bytes;
            }
        }

        return (key, value);
    }

    private readonly record struct Field(int Number, ulong Varint, byte[] Bytes)
    {
        public string Text => Encoding.UTF8.GetString(Bytes);

        public bool IsEmpty => Varint == 0 && Bytes.Length == 0;
    }

    /// <summary>The fields of one message in the protobuf wire format (varint and length-delimited only).</summary>
    private static List<Field> Fields(byte[] message)
    {
        var fields = new List<Field>();
        var position = 0;
        while (position < message.Length)
        {
            var tag = ReadVarint(message, ref position);
            var number = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0:
                    fields.Add(new Field(number, ReadVarint(message, ref position), []));
                    break;
                case 2:
                    var length = (int)ReadVarint(message, ref position);
                    fields.Add(new Field(number, 0, message.AsSpan(position, length).ToArray()));
                    position += length;
                    break;
                default:
                    throw new NotSupportedException($"protobuf wire type {tag & 7} (field {number})");
            }
        }

        return fields;
    }

    private static ulong ReadVarint(byte[] buffer, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = buffer[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new FormatException("varint longer than 64 bits");
    }
}
