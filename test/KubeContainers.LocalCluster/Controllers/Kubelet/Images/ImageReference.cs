namespace KubeContainers.LocalCluster.Controllers.Kubelet.Images;

/// <summary>
/// An image reference split as containerd's reference parser (docker/distribution's normalisation) splits it: the
/// registry is the first path component when it has a <c>.</c> or a <c>:</c> or is <c>localhost</c>, Docker Hub
/// otherwise (<c>library/</c> for one-component names); then the repository path, the tag and the digest.
/// </summary>
internal sealed record ImageReference(string Registry, string Repository, string? Tag, string? Digest)
{
    public const string DockerHub = "docker.io";

    public static ImageReference Parse(string image)
    {
        var rest = image.Trim();
        string? digest = null;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
        }

        string? tag = null;
        var colon = rest.LastIndexOf(':');
        if (colon > rest.LastIndexOf('/'))
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? "" : rest[..slash];
        var registry = DockerHub;
        if (slash >= 0 && (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost"))
        {
            registry = first;
            rest = rest[(slash + 1)..];
        }
        else if (slash < 0)
        {
            rest = "library/" + rest;
        }

        return new ImageReference(registry, rest.ToLowerInvariant(), tag, digest);
    }

    /// <summary>
    /// The repository as people name it, whatever the registry: <c>nginx</c> for <c>docker.io/library/nginx:1.27</c>,
    /// <c>stefanprodan/podinfo</c> for <c>ghcr.io/stefanprodan/podinfo:6.7.1</c>.
    /// </summary>
    public string ShortRepository => Repository.StartsWith("library/", StringComparison.Ordinal) ? Repository["library/".Length..] : Repository;
}
