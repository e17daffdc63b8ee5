using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Storage;
using KubeContainers.LocalCluster.Tests.Controllers;

namespace KubeContainers.LocalCluster.Tests.Admission;

/// <summary>Pod and pod template volumes refused as core validation refuses them (validateVolumes,
/// validateVolumeMounts, validateLocalDescendingPath), with its words.</summary>
[ClusterTest]
public sealed class PodVolumeValidationTests
{
    private static string Pod(string mounts, string volumes) => $$"""
        { "apiVersion": "v1", "kind": "Pod", "metadata": { "name": "app" },
          "spec": { "containers": [ { "name": "app", "image": "nginx", "volumeMounts": [ {{mounts}} ] } ], "volumes": [ {{volumes}} ] } }
        """;

    private const string TwoConfigMaps = """{ "name": "a", "configMap": { "name": "a" } }, { "name": "b", "configMap": { "name": "b" } }""";

    [Theory]
    [InlineData("""{ "name": "a", "mountPath": "/etc/x" }, { "name": "b", "mountPath": "/etc/x" }""", TwoConfigMaps,
        "spec.containers[0].volumeMounts[1].mountPath: Invalid value: \"/etc/x\": must be unique")]
    [InlineData("""{ "name": "c", "mountPath": "/etc/x" }""", TwoConfigMaps,
        "spec.containers[0].volumeMounts[0].name: Not found: \"c\"")]
    [InlineData("""{ "name": "a", "mountPath": "/etc/x" }""", """{ "name": "a", "configMap": { "name": "a" } }, { "name": "a", "secret": { "secretName": "a" } }""",
        "spec.volumes[1].name: Duplicate value: \"a\"")]
    [InlineData("""{ "name": "a", "mountPath": "/etc/x", "subPath": "/x" }""", TwoConfigMaps,
        "spec.containers[0].volumeMounts[0].subPath: Invalid value: \"/x\": must be a relative path")]
    [InlineData("""{ "name": "a", "mountPath": "/etc/x", "subPath": "x/../../y" }""", TwoConfigMaps,
        "spec.containers[0].volumeMounts[0].subPath: Invalid value: \"x/../../y\": must not contain '..'")]
    public async Task A_pod_with_bad_volumes_or_mounts_is_refused(string mounts, string volumes, string error)
    {
        await using var cluster = await TestCluster.StartAsync();

        var refused = Should.Throw<ApiException>(() => cluster.Create(BuiltinResources.Pods, Pod(mounts, volumes)));

        refused.Code.ShouldBe(422);
        refused.Message.ShouldBe($"Pod \"app\" is invalid: {error}");
    }

    [Fact]
    public async Task A_deployment_whose_template_mounts_two_files_at_one_path_is_refused()
    {
        await using var cluster = await TestCluster.StartAsync();

        var refused = Should.Throw<ApiException>(() => cluster.Create(BuiltinResources.Deployments, """
            { "apiVersion": "apps/v1", "kind": "Deployment", "metadata": { "name": "web" },
              "spec": { "selector": { "matchLabels": { "app": "web" } },
                "template": { "metadata": { "labels": { "app": "web" } },
                  "spec": { "containers": [ { "name": "app", "image": "nginx", "volumeMounts": [
                    { "name": "files", "mountPath": "/etc/app.conf", "subPath": "a" }, { "name": "files", "mountPath": "/etc/app.conf", "subPath": "b" } ] } ],
                    "volumes": [ { "name": "files", "configMap": { "name": "files" } } ] } } } }
            """));

        refused.Code.ShouldBe(422);
        refused.Message.ShouldContain("spec.template.spec.containers[0].volumeMounts[1].mountPath: Invalid value: \"/etc/app.conf\": must be unique");
    }

    [Fact]
    public async Task Files_mounted_one_by_one_with_subPath_are_accepted()
    {
        await using var cluster = await TestCluster.StartAsync();

        cluster.Create(BuiltinResources.Pods, Pod(
            """{ "name": "a", "mountPath": "/etc/x", "subPath": "x" }, { "name": "a", "mountPath": "/etc/y", "subPath": "y" }, { "name": "b", "mountPath": "/data" }""",
            TwoConfigMaps)).ShouldNotBeNull();
    }
}
