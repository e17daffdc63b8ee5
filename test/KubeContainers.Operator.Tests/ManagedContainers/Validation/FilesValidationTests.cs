using System.Text.Json.Nodes;
using k8s;
using KubeContainers.Api;
using KubeContainers.Operator.ManagedContainers.Validation;
using static KubeContainers.Operator.Tests.ManagedContainers.Validation.ValidSpecs;

namespace KubeContainers.Operator.Tests.ManagedContainers.Validation;

/// <summary>The operator's SpecValidator refusing each bad spec.files and spec.envFrom input of
/// <see cref="FileInputs"/> with the CRD's rule, naming the field (FilesAdmissionTests: the same at admission).</summary>
public sealed class FilesValidationTests
{
    public static TheoryData<string> Names => [.. FileInputs.All.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void A_bad_file_or_envFrom_is_refused_naming_the_field_and_the_rule(string name)
    {
        var row = FileInputs.All.Single(c => c.Name == name);
        SpecValidator.Validate(WebAppWithFiles(), Settings(), Now).ShouldBeEmpty("the starting spec must be valid");
        var body = JsonNode.Parse(KubernetesJson.Serialize(WebAppWithFiles()))!.AsObject();
        row.Edit(body);
        var container = KubernetesJson.Deserialize<V1Alpha1ManagedContainer>(body.ToJsonString());

        var errors = SpecValidator.Validate(container, Settings(), Now);

        errors.ShouldContain(
            e => e.StartsWith(row.Field, StringComparison.Ordinal) && e.Contains(row.Rule, StringComparison.Ordinal),
            $"expected '{row.Field}...{row.Rule}', got:\n{string.Join("\n", errors)}");
    }

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
