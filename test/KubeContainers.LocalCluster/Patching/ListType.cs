namespace KubeContainers.LocalCluster.Patching;

/// <summary>How server-side apply identifies list elements (the <c>+listType</c> marker).</summary>
internal enum ListType
{
    /// <summary>The list is one value: replaced and owned as a whole.</summary>
    Atomic,

    /// <summary>Objects identified by key fields (<c>k:{"name":"web"}</c>).</summary>
    Map,

    /// <summary>Scalars identified by their value (<c>v:"finalizer"</c>).</summary>
    Set,
}
