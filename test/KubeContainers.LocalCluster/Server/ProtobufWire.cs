namespace KubeContainers.LocalCluster.Server;

/// <summary>One field of a protobuf message as it is on the wire: its number, and a varint or a length-delimited
/// payload (the two wire types Kubernetes' generated protobuf uses for the kinds decoded here).</summary>
internal readonly record struct ProtobufField(int Number, ulong Varint, ReadOnlyMemory<byte> Bytes, bool IsLengthDelimited);

/// <summary>
/// Reads the protobuf wire format (https://protobuf.dev/programming-guides/encoding/). Hand-written rather than
/// Google.Protobuf: without generated message classes (which would need protoc and Kubernetes' .proto files in the
/// build) Google.Protobuf's CodedInputStream is the same few lines, plus a dependency.
/// </summary>
internal static class ProtobufWire
{
    public static List<ProtobufField> Fields(ReadOnlyMemory<byte> message)
    {
        var fields = new List<ProtobufField>();
        var span = message.Span;
        var position = 0;
        while (position < span.Length)
        {
            var tag = ReadVarint(span, ref position);
            var number = (int)(tag >> 3);
            if (number <= 0)
            {
                throw new FormatException($"field number {number} at byte {position}");
            }

            switch (tag & 7)
            {
                case 0:
                    fields.Add(new ProtobufField(number, ReadVarint(span, ref position), ReadOnlyMemory<byte>.Empty, false));
                    break;
                case 2:
                    var length = ReadVarint(span, ref position);
                    if (length > (ulong)(span.Length - position))
                    {
                        throw new FormatException($"field {number} is {length} bytes long but only {span.Length - position} are left");
                    }

                    fields.Add(new ProtobufField(number, 0, message.Slice(position, (int)length), true));
                    position += (int)length;
                    break;
                default:
                    // Fixed 32/64-bit and groups: no field of the decoded kinds uses them (no float or double).
                    throw new FormatException($"wire type {tag & 7} of field {number} is not used by the kinds decoded here");
            }
        }

        return fields;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> buffer, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= buffer.Length)
            {
                throw new FormatException("truncated varint");
            }

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
