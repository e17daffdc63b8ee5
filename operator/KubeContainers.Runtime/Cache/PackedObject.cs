using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using k8s;

namespace KubeContainers.Runtime.Cache;

/// <summary>
/// An object as the cache keeps it at rest: its JSON, UTF-8 and Brotli-compressed, behind a 4-byte length. Measured
/// on the objects of one ManagedContainer (docs/benchmarks.md, "Memory"): 24 KiB as KubernetesClient models, 11 KiB
/// as UTF-8 JSON, 4.7 KiB packed; unpacking and deserialising a pod takes about 15 us, a Deployment about 50 us.
/// </summary>
internal static class PackedObject
{
    /// <summary>Brotli's fastest level: higher levels save ~10% more and cost 2-3x the time of every watch event.</summary>
    private const int Quality = 1;

    /// <summary>64 KiB window: cached objects are a few KiB of JSON, and a small window keeps the decoder's state small.</summary>
    private const int Window = 16;

    public static byte[] Pack(object obj)
    {
        var json = Encoding.UTF8.GetBytes(KubernetesJson.Serialize(obj));
        var buffer = ArrayPool<byte>.Shared.Rent(sizeof(int) + BrotliEncoder.GetMaxCompressedLength(json.Length));
        try
        {
            BinaryPrimitives.WriteInt32LittleEndian(buffer, json.Length);
            if (!BrotliEncoder.TryCompress(json, buffer.AsSpan(sizeof(int)), out var written, Quality, Window))
            {
                throw new InvalidOperationException($"Brotli could not compress {json.Length} bytes of JSON.");
            }

            return buffer.AsSpan(0, sizeof(int) + written).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static T Unpack<T>(byte[] packed)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(packed);
        var json = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            if (!BrotliDecoder.TryDecompress(packed.AsSpan(sizeof(int)), json, out var written) || written != length)
            {
                throw new InvalidOperationException($"A cached object did not unpack to its {length} bytes of JSON.");
            }

            using var stream = new MemoryStream(json, 0, length, writable: false);
            return KubernetesJson.Deserialize<T>(stream);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(json);
        }
    }
}
