using System.Text;
using k8s.Models;
using KubeContainers.Api;

namespace KubeContainers.Operator.ManagedContainers.Resources;

/// <summary>
/// spec.files and spec.envFrom in the pod. Inline contents go into one ConfigMap the container owns
/// (<c>&lt;name&gt;-files</c>); a Secret or ConfigMap the user names is mounted where it is, never read nor copied (the
/// operator has no rights on Secrets). Every file is mounted alone with subPath from a configMap or secret volume
/// whose <c>items</c> pick its key, so the image's other files in that directory stay visible. A subPath mount is a
/// copy taken when the container starts: in-place edits are not seen, which is why a hash of the inline contents is
/// a pod template annotation (a changed content rolls the pods) and why an edited Secret or ConfigMap is seen at the
/// next restart.
/// </summary>
public static class FilesResource
{
    /// <summary>Pod template annotation: a digest of the inline contents, so changing one rolls the pods.</summary>
    public const string ContentHashAnnotation = V1Alpha1ManagedContainer.KubeGroup + "/files-hash";

    /// <summary>The pod volume of the owned ConfigMap. Generated volume names start with <c>kc-</c>; spec.volumes
    /// names are the user's, so a user volume named like one of these is refused by the pod's own validation.</summary>
    public const string InlineVolume = "kc-files";

    /// <summary>The ConfigMap of the inline contents, or null when no file is inline (then it must not exist).</summary>
    public static V1ConfigMap? ConfigMap(BuildInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var container = input.Container;
        var inline = Inline(container.Spec).ToList();
        if (inline.Count == 0)
        {
            return null;
        }

        return new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = ChildMetadata.For(container, Names.FilesConfigMap(container.Metadata.Name)),
            Data = ChildMetadata.Sorted(inline.Select(f => KeyValuePair.Create(ItemPath(f.Path), f.Content!))),
        };
    }

    /// <summary>One volume per source: the owned ConfigMap first, then each named Secret and ConfigMap in the order the
    /// files first name them, each with the items (key, path in the volume, mode) its files take.</summary>
    public static IEnumerable<V1Volume> Volumes(BuildInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var container = input.Container;
        var files = container.Spec.Files ?? [];
        var inline = Inline(container.Spec).ToList();
        if (inline.Count > 0)
        {
            yield return new V1Volume
            {
                Name = InlineVolume,
                ConfigMap = new V1ConfigMapVolumeSource
                {
                    Name = Names.FilesConfigMap(container.Metadata.Name),
                    Items = inline.Select(f => Item(ItemPath(f.Path), f)).ToList(),
                },
            };
        }

        foreach (var group in files.Where(f => f.Content is null).GroupBy(VolumeName))
        {
            var first = group.First();
            var items = group.Select(f => Item(f.Key!, f)).ToList();
            yield return first.SecretName is { } secret
                ? new V1Volume { Name = group.Key, Secret = new V1SecretVolumeSource { SecretName = secret, Items = items } }
                : new V1Volume { Name = group.Key, ConfigMap = new V1ConfigMapVolumeSource { Name = first.ConfigMapName, Items = items } };
        }
    }

    /// <summary>Each file at exactly its path, read-only, from its volume's item.</summary>
    public static IEnumerable<V1VolumeMount> Mounts(ManagedContainerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return (spec.Files ?? []).Select(f => new V1VolumeMount
        {
            Name = VolumeName(f),
            MountPath = f.Path,
            SubPath = ItemPath(f.Path),
            ReadOnlyProperty = true,
        });
    }

    /// <summary>The digest of the inline files (path, content), or null without any.</summary>
    public static string? ContentHash(ManagedContainerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var inline = Inline(spec).OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        if (inline.Count == 0)
        {
            return null;
        }

        var text = new StringBuilder();
        foreach (var file in inline)
        {
            // Lengths first, so no two different lists of files can read the same.
            text.Append(file.Path.Length).Append(':').Append(file.Path).Append(file.Content!.Length).Append(':').Append(file.Content);
        }

        return TemplateHash.Sha256Hex(text.ToString())[..16];
    }

    /// <summary>spec.envFrom as the container's envFrom, in the order given (a later source wins a name).</summary>
    public static List<V1EnvFromSource>? EnvFrom(ManagedContainerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.EnvFrom is not { Count: > 0 } sources)
        {
            return null;
        }

        return sources.Select(s => new V1EnvFromSource
        {
            Prefix = s.Prefix,
            SecretRef = s.SecretName is { } secret ? new V1SecretEnvSource { Name = secret, Optional = s.Optional } : null,
            ConfigMapRef = s.ConfigMapName is { } configMap ? new V1ConfigMapEnvSource { Name = configMap, Optional = s.Optional } : null,
        }).ToList();
    }

    /// <summary>
    /// The file's name inside its volume (and the inline ConfigMap's key): a digest of its path, which is unique, then
    /// the file's own name for whoever reads the ConfigMap, cut to the characters a key may hold.
    /// </summary>
    public static string ItemPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = path[(path.LastIndexOf('/') + 1)..];
        var readable = new string(name.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.').Take(100).ToArray());
        var digest = TemplateHash.Sha256Hex(path)[..12];
        return readable.Length == 0 ? digest : $"{digest}-{readable}";
    }

    /// <summary>The pod volume names spec.files takes, which a spec.volumes name must not repeat.</summary>
    public static IReadOnlySet<string> VolumeNames(ManagedContainerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return (spec.Files ?? []).Where(f => f is not null).Select(VolumeName).ToHashSet(StringComparer.Ordinal);
    }

    private static IEnumerable<FileSpec> Inline(ManagedContainerSpec spec) => (spec.Files ?? []).Where(f => f.Content is not null);

    private static V1KeyToPath Item(string key, FileSpec file) => new() { Key = key, Path = ItemPath(file.Path), Mode = file.Mode };

    /// <summary><c>kc-files</c> for inline content; <c>kc-secret-</c> or <c>kc-configmap-</c> and a digest of the
    /// name for a named source (a name may be 253 characters, a volume name only 63).</summary>
    private static string VolumeName(FileSpec file) =>
        file.Content is not null ? InlineVolume
        : file.SecretName is { } secret ? "kc-secret-" + TemplateHash.Sha256Hex(secret)[..12]
        : "kc-configmap-" + TemplateHash.Sha256Hex(file.ConfigMapName ?? "")[..12];
}
