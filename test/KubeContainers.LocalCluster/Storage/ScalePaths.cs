namespace KubeContainers.LocalCluster.Storage;

/// <summary>
/// A CRD's <c>subresources.scale</c> (apiextensions CustomResourceSubresourceScale): JSON paths in the <c>.a.b</c> form,
/// without array notation.
/// </summary>
/// <param name="SpecReplicas">Scale spec.replicas; a missing value reads as 0, as upstream's scaleFromCustomResource.</param>
/// <param name="StatusReplicas">Scale status.replicas; missing reads as 0.</param>
/// <param name="LabelSelector">Scale status.selector, a string field; missing or unset reads as empty.</param>
public sealed record ScalePaths(string SpecReplicas, string StatusReplicas, string? LabelSelector)
{
    public static string[] Segments(string path) => path.TrimStart('.').Split('.');
}
