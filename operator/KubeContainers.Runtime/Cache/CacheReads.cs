namespace KubeContainers.Runtime.Cache;

/// <summary>
/// What one run of some work (a reconcile) read from the caches, kept as the queries and one fingerprint of what they
/// returned (each object's key and resourceVersion, or its absence). <see cref="Unchanged"/> asks the same queries
/// again without unpacking any object: when every answer is the same, everything the work could have seen in the
/// caches is the same, so a run that changed nothing would change nothing again. Any write of an object, by anyone,
/// gives it a new resourceVersion, so an edited or deleted child changes the fingerprint.
/// </summary>
/// <remarks>Recording follows the async flow that called <see cref="Record"/> (an <see cref="AsyncLocal{T}"/>), so
/// every cache read of the work is seen without passing a log around. A run that wrote through the child sync is
/// marked (<see cref="MarkWrote"/>): it is no fixed point, and its reads are not worth keeping.</remarks>
public sealed class CacheReads
{
    private const ulong Seed = 14695981039346656037UL;
    private static readonly AsyncLocal<CacheReads?> Active = new();

    private readonly Lock gate = new();
    private List<Query>? queries = [];
    private Query[] sealedQueries = [];
    private ulong fingerprint = Seed;

    private CacheReads()
    {
    }

    /// <summary>The reads being recorded in this async flow, if any.</summary>
    public static CacheReads? Current => Active.Value;

    /// <summary>Whether the run wrote a child (or anything else that marked it).</summary>
    public bool Wrote { get; private set; }

    /// <summary>How many queries were recorded (tests).</summary>
    public int Count => sealedQueries.Length + (queries?.Count ?? 0);

    /// <summary>Starts recording the reads of this async flow; dispose the returned scope to stop.</summary>
    public static Recording Record()
    {
        var reads = new CacheReads();
        var previous = Active.Value;
        Active.Value = reads;
        return new Recording(reads, previous);
    }

    /// <summary>The run changed something it read: its reads are no fixed point.</summary>
    public static void MarkWrote()
    {
        if (Active.Value is { } reads)
        {
            reads.Wrote = true;
        }
    }

    /// <summary>Whether asking every recorded query again gives the same answers.</summary>
    public bool Unchanged()
    {
        var now = Seed;
        foreach (var query in sealedQueries)
        {
            now = Mix(now, query.Source.Fingerprint(query.Kind, query.First, query.Second));
        }

        return now == fingerprint;
    }

    /// <summary>Called by a cache as it answers a query: <paramref name="answer"/> is what
    /// <see cref="ICacheFingerprints.Fingerprint"/> gives for the same query.</summary>
    internal static void Note(ICacheFingerprints source, CacheQueryKind kind, string? first, string? second, ulong answer)
    {
        if (Active.Value is not { } reads)
        {
            return;
        }

        lock (reads.gate)
        {
            if (reads.queries is null)
            {
                return;
            }

            reads.queries.Add(new Query(source, kind, reads.Shared(first), reads.Shared(second)));
            reads.fingerprint = Mix(reads.fingerprint, answer);
        }
    }

    /// <summary>The fingerprint of one object: its key and resourceVersion; of an absent one, a fixed value.</summary>
    public static ulong OfObject(string? @namespace, string name, string? resourceVersion) =>
        Hash(Hash(Hash(Seed, @namespace), name), resourceVersion ?? "");

    /// <summary>The fingerprint of no object (a Get that found nothing).</summary>
    public static ulong Absent => 0x9E3779B97F4A7C15UL;

    /// <summary>Combines the fingerprints of a list's objects in any order (an index hands them out unordered).</summary>
    public static ulong OfList(ulong sumOfObjects, int count) => Mix(sumOfObjects, (ulong)count);

    // The queries of one reconcile repeat a few strings (its namespace, its name) in fresh instances: one copy of
    // each is kept, as the reads stay in memory for every settled container. Caller holds the gate.
    private string? Shared(string? text)
    {
        if (text is null)
        {
            return null;
        }

        foreach (var query in queries!)
        {
            if (string.Equals(query.First, text, StringComparison.Ordinal))
            {
                return query.First;
            }

            if (string.Equals(query.Second, text, StringComparison.Ordinal))
            {
                return query.Second;
            }
        }

        return text;
    }

    private void Seal()
    {
        lock (gate)
        {
            if (queries is not null)
            {
                sealedQueries = [.. queries];
                queries = null;
            }
        }
    }

    private static ulong Mix(ulong hash, ulong value)
    {
        // FNV-1a over the value's bytes, then a final avalanche so sums of fingerprints stay spread out.
        for (var i = 0; i < 8; i++)
        {
            hash = (hash ^ ((value >> (i * 8)) & 0xFF)) * 1099511628211UL;
        }

        hash ^= hash >> 33;
        hash *= 0xFF51AFD7ED558CCDUL;
        hash ^= hash >> 33;
        return hash;
    }

    private static ulong Hash(ulong hash, string? text)
    {
        foreach (var c in text ?? "")
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        // A separator, so ("ab", "c") and ("a", "bc") differ.
        return (hash ^ 0xFFFF) * 1099511628211UL;
    }

    private readonly record struct Query(ICacheFingerprints Source, CacheQueryKind Kind, string? First, string? Second);

    /// <summary>Stops recording when disposed; the reads are then sealed (later reads of the flow are not added).</summary>
    public readonly struct Recording(CacheReads reads, CacheReads? previous) : IDisposable
    {
        public CacheReads Reads => reads;

        public void Dispose()
        {
            reads.Seal();
            Active.Value = previous;
        }
    }
}

/// <summary>The read a cache answered; the two strings are its arguments (see each kind).</summary>
public enum CacheQueryKind : byte
{
    /// <summary>One object: namespace, name.</summary>
    Get,

    /// <summary>All objects (no arguments) or one namespace's.</summary>
    List,

    /// <summary>By owner uid.</summary>
    ListByOwner,

    /// <summary>By label: key, value.</summary>
    ListByLabel,

    /// <summary>By named index: index, value.</summary>
    ListByIndex,
}

/// <summary>A cache that can answer a query with a fingerprint of its answer, without unpacking any object
/// (<see cref="CacheReads"/>).</summary>
public interface ICacheFingerprints
{
    ulong Fingerprint(CacheQueryKind kind, string? first, string? second);
}
