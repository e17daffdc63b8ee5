using KubeContainers.Operator.ManagedContainers.Validation;
using static KubeContainers.Operator.Tests.ManagedContainers.Validation.ValidSpecs;

namespace KubeContainers.Operator.Tests.ManagedContainers.Validation;

/// <summary>
/// What the operator still checks of spec.files: a file path against the volumes' mount paths as the kubelet mounts
/// them (the CRD's CEL rule compares the raw strings) and the names of the pod volumes the operator makes for the
/// files. Every other rule of spec.files and spec.envFrom is the CRD's, refused at admission (FilesAdmissionTests,
/// every row of <see cref="FileInputs"/>); the operator no longer repeats them.
/// </summary>
public sealed class FilesValidationTests
{
    [Fact]
    public void Content_of_exactly_256_KiB_in_all_is_accepted()
    {
        var container = WebAppWithFiles();
        container.Spec.Files![0].Content = new string('a', 200 * 1024);
        container.Spec.Files![3].Content = new string('b', (56 * 1024) - "listen".Length) + "listen";

        SpecValidator.Validate(container, Settings(), Now).ShouldBeEmpty();
    }

    [Fact]
    public void A_file_inside_a_volume_written_with_a_trailing_slash_is_still_compared_as_mounted()
    {
        var container = WebAppWithFiles();
        container.Spec.Volumes![0].MountPath = "/etc/web/motd/";

        SpecValidator.Validate(container, Settings(), Now).ShouldContain(
            e => e.StartsWith("spec.files[2].path: Invalid value: \"/etc/web/motd\": ", StringComparison.Ordinal)
                && e.Contains("spec.volumes[0].mountPath is \"/etc/web/motd/\"", StringComparison.Ordinal));
    }

    [Fact]
    public void A_volume_named_like_the_pod_volume_of_the_inline_files_is_refused()
    {
        var container = WebAppWithFiles();
        container.Spec.Volumes![1].Name = "kc-files";

        SpecValidator.Validate(container, Settings(), Now).ShouldContain(
            "spec.volumes[1].name: Invalid value: \"kc-files\": is the name of a pod volume the operator makes for spec.files (kc-...): choose another");
    }
}
