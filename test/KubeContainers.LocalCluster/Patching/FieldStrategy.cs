namespace KubeContainers.LocalCluster.Patching;

/// <summary>
/// What the Go type of one field says about merging it: the struct tags strategic merge patch reads and
/// the markers structured-merge-diff (server-side apply) reads. Fields without an entry are plain:
/// objects merge key by key and lists are atomic.
/// </summary>
internal sealed record FieldStrategy
{
    /// <summary>Table type describing the value's fields (for a list: each element's fields).</summary>
    public string? Type { get; init; }

    /// <summary><c>patchStrategy:"merge"</c>: strategic merge patch merges the list instead of replacing it.</summary>
    public bool PatchMerge { get; init; }

    /// <summary><c>patchMergeKey</c>: identifies elements of a merged list of objects.</summary>
    public string? PatchMergeKey { get; init; }

    /// <summary><c>+listType</c> for server-side apply.</summary>
    public ListType ListType { get; init; }

    /// <summary><c>+listMapKey</c>s for server-side apply when <see cref="ListType"/> is Map.</summary>
    public IReadOnlyList<ListMapKey> ListMapKeys { get; init; } = [];

    /// <summary><c>+mapType=atomic</c> / <c>+structType=atomic</c>: applied and owned as a whole.</summary>
    public bool Atomic { get; init; }

    /// <summary>
    /// The field is a non-pointer struct (or a list without omitempty), so it exists in the Go zero value the
    /// apiserver compares a created object with; managed fields then record no "." entry for it.
    /// </summary>
    public bool InZeroValue { get; init; }
}
