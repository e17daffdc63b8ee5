namespace KubeContainers.LocalCluster.Patching;

/// <summary>
/// One key field of a map-type list. <see cref="Default"/> stands in for a key the element omits,
/// as the apiserver defaults it before keying (ports' <c>protocol</c> is "TCP").
/// </summary>
internal sealed record ListMapKey(string Name, string? Default = null);
