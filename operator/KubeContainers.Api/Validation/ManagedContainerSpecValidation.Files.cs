namespace KubeContainers.Api.Validation;

/// <summary>
/// spec.files: only what the CRD's rules cannot say. Its schema and CEL rules (one source, a key with a reference,
/// the mode, a normalized path outside /proc, /sys and /dev, unique paths, no file inside another, the total size, a
/// path that is not a volume's mountPath) refuse the rest at admission, on every cluster the chart installs on (1.27
/// and later, CEL on), and they came with the fields, so no stored object predates them (FilesAdmissionTests).
/// </summary>
public static partial class ManagedContainerSpecValidation
{
    /// <summary>
    /// A file path at a volume's mount path, or over a volume mounted below it, compared as the kubelet mounts the
    /// volume: the CRD's rule compares the raw strings, so <c>/data/</c> passes it for a file at <c>/data</c>, and the
    /// pod would have two mounts at one path, which its validation refuses. A file inside a volume's mount path is
    /// allowed, as Kubernetes allows it. Then a volume named like a pod volume the operator makes for the files.
    /// </summary>
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

        for (var i = 0; i < files.Count; i++)
        {
            if (files[i]?.Path is { Length: > 0 } path && path[0] == '/')
            {
                FileOnVolume(Spec.Child("files").Index(i).Child("path"), path, spec.Volumes, errors);
            }
        }

        for (var i = 0; i < (spec.Volumes?.Count ?? 0); i++)
        {
            if (spec.Volumes![i]?.Name is { } volumeName && filesVolumeNames.Contains(volumeName))
            {
                errors.Invalid(Spec.Child("volumes").Index(i).Child("name"), volumeName,
                    "is the name of a pod volume the operator makes for spec.files (kc-...): choose another");
            }
        }
    }

    private static void FileOnVolume(FieldPath field, string path, IList<VolumeSpec>? volumes, FieldErrors errors)
    {
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
}
