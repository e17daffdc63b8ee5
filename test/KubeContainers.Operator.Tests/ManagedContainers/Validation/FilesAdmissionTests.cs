using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using KubeContainers.Api;
using static KubeContainers.Operator.Tests.ManagedContainers.Validation.ValidSpecs;

namespace KubeContainers.Operator.Tests.ManagedContainers.Validation;

/// <summary>
/// The checked-in CRD refusing each bad spec.files and spec.envFrom input of <see cref="FileInputs"/> at admission, on
/// the local cluster that evaluates its schema and CEL rules as kube-apiserver 1.31 does: a 422 naming the field and
/// the rule (the same rule the operator's SpecValidator reports, FilesValidationTests).
/// </summary>
[ClusterTest]
public sealed class FilesAdmissionTests(SpecAdmissionTests.Cluster cluster) : IClassFixture<SpecAdmissionTests.Cluster>
{
    public static TheoryData<string> Names => [.. FileInputs.All.Concat(FileInputs.SchemaOnly).Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_bad_file_or_envFrom_is_refused_at_admission_naming_the_field_and_the_rule(string name)
    {
        var rows = FileInputs.All.Concat(FileInputs.SchemaOnly).ToList();
        var row = rows.Single(c => c.Name == name);
        var body = SpecAdmissionTests.Cluster.Json(WebAppWithFiles());
        body["metadata"]!["name"] = $"files-refused-{rows.IndexOf(row)}";
        row.Edit(body);

        var refused = await Should.ThrowAsync<HttpOperationException>(() => cluster.CreateAsync(body));

        ((int)refused.Response.StatusCode).ShouldBe(422, refused.Response.Content);
        var message = KubernetesJson.Deserialize<V1Status>(refused.Response.Content).Message;
        message.ShouldContain(row.Field + ": ", Shouldly.Case.Sensitive, message);
        message.ShouldContain(row.AdmissionRule ?? row.Rule, Shouldly.Case.Sensitive, message);
    }

    [Fact]
    public async Task Files_of_exactly_256_KiB_in_all_and_every_kind_of_source_are_admitted()
    {
        var body = SpecAdmissionTests.Cluster.Json(WebAppWithFiles());
        body["metadata"]!["name"] = "files-at-the-limit";
        body["spec"]!["files"]![0]!["content"] = new string('a', 200 * 1024);
        body["spec"]!["files"]![3]!["content"] = new string('b', 56 * 1024);

        (await cluster.CreateAsync(body)).ShouldNotBeNull();
    }
}
