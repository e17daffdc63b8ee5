using System.Globalization;
using System.Text;
namespace KubeContainers.Api.Validation;

/// <summary>
/// spec.files and spec.envFrom, checked again with the CRD's own rule texts: the pod the operator builds from them
/// mounts each file at its path, so a path that escapes, repeats or sits on a volume's mount would make a pod the
/// apiserver refuses (duplicate mountPath) or one that hides the image's files. Volume mount paths are compared as
/// the kubelet mounts them (normalized), which the CRD's rule over raw strings cannot.
/// </summary>
public static partial class ManagedContainerSpecValidation
{
    /// <summary>spec.files: sources, modes, paths, overlaps with one another and with volumes, total size.</summary>
    /// <param name="spec">The spec.</param>
    /// <param name="filesVolumeNames">The pod volumes the operator makes for spec.files (kc-...), which a volume in
    /// spec.volumes must not be named: the builder names them, so the operator passes them in.</param>
    /// <param name="errors">Where the messages go.</param>
    public static void Files(ManagedContainerSpec spec, IReadOnlySet<string> filesVolumeNames, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(filesVolumeNames);
        ArgumentNullException.ThrowIfNull(errors);
        if (spec.Files is not { } files)
        {
            return;
        }

        if (files.Count > FileSpec.MaxFiles)
        {
            errors.TooMany(Spec.Child("files"), files.Count, FileSpec.MaxFiles, "inline content is bounded, and every file is one mount");
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var totalBytes = 0L;
        for (var i = 0; i < files.Count; i++)
        {
            if (files[i] is not { } file)
            {
                continue;
            }

            var path = Spec.Child("files").Index(i);
            Source(file, path, errors);
            if (file.Content is { } content)
            {
                totalBytes += Encoding.UTF8.GetByteCount(content);
            }

            if (file.Mode is { } mode && mode is < 0 or > FileSpec.MaxMode)
            {
                errors.Invalid(path.Child("mode"), mode, "must be a number between 0 and 0777 (511 in decimal)");
            }

            if (FilePathError(file.Path) is { } why)
            {
                errors.Invalid(path.Child("path"), file.Path, why);
                continue;
            }

            if (seen.TryGetValue(file.Path, out var first))
            {
                errors.Invalid(path.Child("path"), file.Path, $"paths must be unique: {Spec.Child("files").Index(first).Child("path")} is the same");
                continue;
            }

            seen[file.Path] = i;
            FileOverlaps(path.Child("path"), file.Path, seen, spec.Volumes, errors);
        }

        for (var i = 0; i < (spec.Volumes?.Count ?? 0); i++)
        {
            if (spec.Volumes![i]?.Name is { } volumeName && filesVolumeNames.Contains(volumeName))
            {
                errors.Invalid(Spec.Child("volumes").Index(i).Child("name"), volumeName,
                    "is the name of a pod volume the operator makes for spec.files (kc-...): choose another");
            }
        }

        if (totalBytes > FileSpec.MaxContentBytes)
        {
            errors.Forbidden(Spec.Child("files"), string.Create(CultureInfo.InvariantCulture,
                $"inline content must total at most 256 KiB (262144 bytes of UTF-8), it has {totalBytes}"));
        }
    }

    private static void Source(FileSpec file, FieldPath path, FieldErrors errors)
    {
        var sources = (file.Content is null ? 0 : 1) + (file.SecretName is null ? 0 : 1) + (file.ConfigMapName is null ? 0 : 1);
        if (sources != 1)
        {
            errors.Invalid(path, sources == 0 ? "no source" : "several sources", "set exactly one of content, secretName and configMapName");
        }

        if ((file.Key is not null) != (file.SecretName is not null || file.ConfigMapName is not null))
        {
            if (file.Key is null)
            {
                errors.Required(path.Child("key"), "required with secretName or configMapName, and only with them");
            }
            else
            {
                errors.Invalid(path.Child("key"), file.Key, "required with secretName or configMapName, and only with them");
            }
        }
    }

    /// <summary>The first rule the path breaks, in the CRD's words, or null. A file is mounted at exactly its path,
    /// so unlike a volume's mount path it must already be normalized.</summary>
    private static string? FilePathError(string? path)
    {
        if (string.IsNullOrEmpty(path) || path[0] != '/')
        {
            return FileSpec.PathEscapes;
        }

        var segments = path.Split('/');
        if (segments.Contains(".."))
        {
            return FileSpec.PathEscapes;
        }

        if (path.EndsWith('/'))
        {
            return FileSpec.PathNotAFile;
        }

        if (path.Contains("//", StringComparison.Ordinal) || segments.Contains("."))
        {
            return FileSpec.PathNotNormalized;
        }

        return SystemPaths.Any(s => path == s || path.StartsWith(s + "/", StringComparison.Ordinal)) ? FileSpec.PathInSystem : null;
    }

    /// <summary>
    /// A file inside another file's path (a file is not a directory), at a volume's mount path (the pod would have
    /// two mounts at one path, which its validation refuses), or over a volume mounted below it. A file inside a
    /// volume's mount path is allowed, as Kubernetes allows it: the runtime mounts it over the volume.
    /// </summary>
    private static void FileOverlaps(FieldPath field, string path, Dictionary<string, int> files, IList<VolumeSpec>? volumes, FieldErrors errors)
    {
        foreach (var (other, index) in files)
        {
            if (other != path && (path.StartsWith(other + "/", StringComparison.Ordinal) || other.StartsWith(path + "/", StringComparison.Ordinal)))
            {
                errors.Invalid(field, path,
                    $"a path must not be inside another file's path: {Spec.Child("files").Index(index).Child("path")} is {FieldErrors.Quote(other)}");
                return;
            }
        }

        for (var i = 0; i < (volumes?.Count ?? 0); i++)
        {
            if (volumes![i]?.MountPath is not { Length: > 0 } mountPath || !mountPath.StartsWith('/'))
            {
                continue;
            }

            var normalized = NormalizePath(mountPath);
            if (normalized == path || normalized.StartsWith(path + "/", StringComparison.Ordinal))
            {
                errors.Invalid(field, path,
                    $"a path must not be a spec.volumes mountPath nor contain one: {Spec.Child("volumes").Index(i).Child("mountPath")} is {FieldErrors.Quote(mountPath)}");
                return;
            }
        }
    }

    /// <summary>spec.envFrom: each entry names exactly one source.</summary>
    public static void EnvFrom(ManagedContainerSpec spec, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(errors);
        for (var i = 0; i < (spec.EnvFrom?.Count ?? 0); i++)
        {
            if (spec.EnvFrom![i] is { } source && (source.SecretName is null) == (source.ConfigMapName is null))
            {
                errors.Invalid(Spec.Child("envFrom").Index(i), source.SecretName is null ? "no source" : "two sources",
                    "set exactly one of secretName and configMapName");
            }
        }
    }
}
