using System.Buffers;
using System.Text.Json;
using KubeContainers.Runtime.Client;
using k8s;
using ZstdSharp;

namespace KubeContainers.Runtime.Cache;

/// <summary>
/// Packs the objects of one kind as the cache keeps them at rest: UTF-8 JSON compressed with zstd, behind one format
/// byte. The first <see cref="SamplesForDictionary"/> objects packed train a dictionary for the kind, and every object
/// after them is packed with it: objects of one kind repeat the same keys, labels and defaults, which a dictionary
/// holds once. Measured on the seven objects of one benchmark ManagedContainer (docs/benchmarks.md, "Memory at 10,000 containers"):
/// 24 KiB as KubernetesClient models, 14 KiB as JSON, 6 KiB compressed one by one (Brotli or zstd alike), 0.9 KiB
/// with a dictionary per kind.
/// </summary>
/// <remarks>Thread-safe. The (de)compression contexts are one per kind, behind a lock: a few microseconds a
/// call, where deserialising the JSON, outside the lock, costs ten times that.</remarks>
internal sealed class ObjectPacker : IDisposable
{
    /// <summary>Enough objects to find what a kind's objects share; fewer never train, and pack without one.</summary>
    internal const int SamplesForDictionary = 100;

    private const int DictionaryBytes = 8 * 1024;

    /// <summary>zstd's fastest level: with a dictionary, level 3 saved under 3%.</summary>
    private const int Level = 1;

    private const byte Plain = 0;
    private const byte WithDictionary = 1;

    /// <summary>KubernetesClient's own serializer options (AddJsonOptions hands them to its action), so objects are
    /// written and read as UTF-8 directly: the same bytes as <c>KubernetesJson.Serialize</c>, without its UTF-16
    /// string and the transcoding (packing was a tenth of the operator's CPU in a converge profile).</summary>
    private static readonly JsonSerializerOptions Json = KubernetesJsonOptions.Value;

    private readonly Lock gate = new();
    private readonly Compressor plainCompressor = new(Level);
    private readonly Decompressor plainDecompressor = new();
    private Compressor? dictionaryCompressor;
    private Decompressor? dictionaryDecompressor;
    private List<byte[]>? samples = [];
    private int trainAt = SamplesForDictionary;

    /// <summary>Whether objects are now packed with a trained dictionary (tests).</summary>
    internal bool HasDictionary
    {
        get
        {
            lock (gate)
            {
                return dictionaryCompressor is not null;
            }
        }
    }

    public byte[] Pack(object obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var json = JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Json);
        lock (gate)
        {
            Sample(json);
            var (compressor, format) = dictionaryCompressor is { } trained ? (trained, WithDictionary) : (plainCompressor, Plain);
            var buffer = ArrayPool<byte>.Shared.Rent(1 + Compressor.GetCompressBound(json.Length));
            try
            {
                buffer[0] = format;
                var written = compressor.Wrap(json, buffer.AsSpan(1));
                return buffer.AsSpan(0, 1 + written).ToArray();
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    public T Unpack<T>(byte[] packed)
    {
        ArgumentNullException.ThrowIfNull(packed);
        var frame = packed.AsSpan(1);
        var length = checked((int)Decompressor.GetDecompressedSize(frame));
        var json = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            lock (gate)
            {
                var decompressor = packed[0] switch
                {
                    Plain => plainDecompressor,
                    WithDictionary => dictionaryDecompressor,
                    _ => null,
                } ?? throw new InvalidOperationException($"A cached object has an unknown packing ({packed[0]}).");
                if (decompressor.Unwrap(frame, json) != length)
                {
                    throw new InvalidOperationException($"A cached object did not unpack to its {length} bytes of JSON.");
                }
            }

            return JsonSerializer.Deserialize<T>(json.AsSpan(0, length), Json)!;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(json);
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            plainCompressor.Dispose();
            plainDecompressor.Dispose();
            dictionaryCompressor?.Dispose();
            dictionaryDecompressor?.Dispose();
        }
    }

    // Caller holds the gate. Objects packed before the dictionary keep their plain packing; there are at most a few
    // hundred of them.
    private void Sample(byte[] json)
    {
        if (samples is null)
        {
            return;
        }

        samples.Add(json);
        if (samples.Count < trainAt)
        {
            return;
        }

        try
        {
            var dictionary = DictBuilder.TrainFromBuffer(samples, DictionaryBytes).ToArray();
            var compressor = new Compressor(Level);
            compressor.LoadDictionary(dictionary);
            var decompressor = new Decompressor();
            decompressor.LoadDictionary(dictionary);
            (dictionaryCompressor, dictionaryDecompressor, samples) = (compressor, decompressor, null);
        }
        catch (ZstdException)
        {
            // Too little in common to train on (tiny objects): try again with more, then give up and pack plainly.
            trainAt *= 4;
            if (trainAt > SamplesForDictionary * 16)
            {
                samples = null;
            }
        }
        finally
        {
            // The trainer's tables (several MiB, freed by now) would otherwise stay resident in glibc's arenas.
            NativeHeap.Trim();
        }
    }
}
