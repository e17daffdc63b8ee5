using System.Text.Json.Nodes;
using KubeContainers.Cli;

namespace KubeContainers.Cli.Tests.Create;

/// <summary>What <c>create</c>'s flags become: the fields of the spec, and an object the CRD accepts.</summary>
public sealed class CreateManifestTests
{
    private static readonly string[] Everything =
    [
        "web", "--image", "ghcr.io/org/app:v1", "--port", "8080", "--env", "A=1", "--env", "MODE=fast=yes",
        "--secret-env", "PASS=db/password", "--replicas", "2", "--cpu", "500m", "--memory", "256Mi", "--sandbox", "gvisor",
        "--egress", "internet", "--volume", "data:/var/lib/data:1Gi", "--lifetime", "1h30m", "--", "/bin/app", "--listen", "8080",
    ];

    [Fact]
    public void Every_flag_lands_in_its_field()
    {
        var spec = Cli.Manifest(Everything)["spec"]!;

        spec["image"]!.GetValue<string>().ShouldBe("ghcr.io/org/app:v1");
        spec["port"]!.GetValue<int>().ShouldBe(8080);
        spec["env"]!.ToJsonString().ShouldBe("""{"A":"1","MODE":"fast=yes"}""");
        spec["secretEnv"]!.ToJsonString().ShouldBe("""[{"name":"PASS","secretName":"db","key":"password"}]""");
        spec["replicas"]!.GetValue<int>().ShouldBe(2);
        spec["resources"]!.ToJsonString().ShouldBe("""{"cpu":"500m","memory":"256Mi"}""");
        spec["sandbox"]!.GetValue<string>().ShouldBe("gvisor");
        spec["networking"]!.ToJsonString().ShouldBe("""{"egress":"internet"}""");
        spec["volumes"]!.ToJsonString().ShouldBe("""[{"name":"data","mountPath":"/var/lib/data","size":"1Gi"}]""");
        spec["lifetime"]!.ToJsonString().ShouldBe("""{"timeoutSeconds":5400}""");
        spec["command"]!.ToJsonString().ShouldBe("""["/bin/app","--listen","8080"]""");
    }

    [Fact]
    public void One_shot_is_the_job_mode()
    {
        var spec = Cli.Manifest("migrate", "--image", "app:1", "--one-shot")["spec"]!;

        spec["mode"]!.GetValue<string>().ShouldBe("oneShot");
    }

    [Fact]
    public void The_manifest_is_only_what_a_user_writes()
    {
        var manifest = Cli.Manifest("web", "--image", "nginx");

        manifest.ToJsonString().ShouldBe("""{"apiVersion":"kubecontainers.io/v1alpha1","kind":"ManagedContainer","metadata":{"name":"web"},"spec":{"image":"nginx"}}""");
    }

    public static TheoryData<string[]> Manifests => new()
    {
        { ["web", "--image", "nginx"] },
        { Everything },
        { ["job", "--image", "app:1", "--one-shot", "--replicas", "1", "--lifetime", "10m"] },
    };

    [Theory]
    [MemberData(nameof(Manifests))]
    public void The_crd_accepts_what_create_builds(string[] args)
    {
        var manifest = Cli.Manifest(args);
        manifest["metadata"]!.AsObject()["namespace"] = "shop";

        CrdSchema.Errors(manifest).ShouldBeEmpty();
    }

    [Fact]
    public void The_dry_run_yaml_reads_back_as_the_same_object()
    {
        var manifest = Cli.Manifest(Everything);

        var yaml = Yaml.Write(manifest);

        var back = k8s.KubernetesYaml.Deserialize<KubeContainers.Api.V1Alpha1ManagedContainer>(yaml);
        ManifestJson.Node(back).ToJsonString().ShouldBe(manifest.ToJsonString());
        yaml.ShouldContain("  - \"8080\"\n");
        yaml.ShouldContain("    A: \"1\"\n");
    }
}
