using System.Collections.Immutable;

namespace KubeContainers.LocalCluster.Storage;

/// <summary>
/// What the server serves: the built-in kinds plus every version of every established CRD.
/// Readers get an immutable snapshot, so discovery and routing never see a half-registered CRD.
/// </summary>
public sealed class ResourceRegistry
{
    private readonly object _gate = new();
    private ImmutableList<ResourceType> _types = ImmutableList<ResourceType>.Empty;

    public ResourceRegistry()
    {
        foreach (var type in BuiltinResources.All)
        {
            _types = _types.Add(type);
        }
    }

    public IReadOnlyList<ResourceType> All => _types;

    public ResourceType? Find(string group, string version, string plural) =>
        _types.FirstOrDefault(t => t.Group == group && t.Version == version && t.Plural == plural);

    /// <summary>Any served version of a group/kind: the first one registered (the preferred version).</summary>
    public ResourceType? FindKind(string group, string kind) =>
        _types.FirstOrDefault(t => t.Group == group && t.Kind == kind);

    public ResourceType? FindByApiVersion(string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/');
        var group = slash < 0 ? "" : apiVersion[..slash];
        var version = slash < 0 ? apiVersion : apiVersion[(slash + 1)..];
        return _types.FirstOrDefault(t => t.Group == group && t.Version == version && t.Kind == kind);
    }

    /// <summary>Replaces the versions served for one CRD (group + plural) with the given ones.</summary>
    public void SetCustom(string group, string plural, IReadOnlyList<ResourceType> versions)
    {
        lock (_gate)
        {
            _types = _types.RemoveAll(t => t.IsCustom && t.Group == group && t.Plural == plural).AddRange(versions);
        }
    }

    public void RemoveCustom(string group, string plural) => SetCustom(group, plural, []);

    /// <summary>Groups in discovery order: the core group first, then the others as registered.</summary>
    public IReadOnlyList<string> Groups() => _types.Select(t => t.Group).Distinct().ToList();

    public IReadOnlyList<string> Versions(string group) =>
        _types.Where(t => t.Group == group).Select(t => t.Version).Distinct().ToList();
}
