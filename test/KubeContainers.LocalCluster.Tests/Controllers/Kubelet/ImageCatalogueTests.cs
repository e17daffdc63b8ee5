using KubeContainers.LocalCluster.Controllers.Kubelet.Images;

namespace KubeContainers.LocalCluster.Tests.Controllers.Kubelet;

/// <summary>The image catalogue: who each public image runs as and what it serves, matched by repository whatever the registry and tag.</summary>
[ClusterTest]
public sealed class ImageCatalogueTests
{
    [Theory]
    [InlineData("busybox", "busybox", "")]
    [InlineData("docker.io/library/busybox:1.36", "busybox", "")]
    [InlineData("nginx@sha256:0123456789abcdef", "nginx", "")]
    [InlineData("redis:7", "redis", "")]
    [InlineData("postgres:16", "postgres", "")]
    [InlineData("python:3.12", "python", "")]
    [InlineData("node:22-alpine", "node", "")]
    [InlineData("alpine", "alpine", "")]
    [InlineData("ghcr.io/stefanprodan/podinfo:6.7.1", "stefanprodan/podinfo", "app")]
    [InlineData("stefanprodan/podinfo", "stefanprodan/podinfo", "app")]
    [InlineData("nginxinc/nginx-unprivileged:1.27", "nginxinc/nginx-unprivileged", "101")]
    [InlineData("gcr.io/distroless/static:nonroot", "distroless/*:*nonroot", "65532")]
    [InlineData("gcr.io/distroless/base-debian12:debug-nonroot", "distroless/*:debug*nonroot", "65532")]
    [InlineData("gcr.io/distroless/static", "distroless/*", "")]
    [InlineData("gcr.io/distroless/static:debug", "distroless/*:debug*", "")]
    public void Public_images_are_described_as_they_are(string image, string entry, string user)
    {
        var found = ImageCatalogue.For(image, []);
        found.Reference.ShouldBe(entry);
        found.User.ShouldBe(user);
    }

    [Fact]
    public void What_the_known_servers_answer()
    {
        var podinfo = ImageCatalogue.For("ghcr.io/stefanprodan/podinfo:6.7.1", []).Ports!.ShouldHaveSingleItem();
        podinfo.Number.ShouldBe(9898);
        podinfo.Answers("/healthz").ShouldBeTrue();
        podinfo.Answers("/readyz").ShouldBeTrue();
        podinfo.Answers("/health").ShouldBeFalse();

        var unprivileged = ImageCatalogue.For("nginxinc/nginx-unprivileged:1.27", []).Ports!.ShouldHaveSingleItem();
        unprivileged.Number.ShouldBe(8080);
        unprivileged.Answers("/").ShouldBeTrue();
        unprivileged.Answers("/health").ShouldBeFalse();

        var redis = ImageCatalogue.For("redis:7", []).Ports!.ShouldHaveSingleItem();
        (redis.Number, redis.IsHttp).ShouldBe((6379, false));
        var postgres = ImageCatalogue.For("postgres:16", []).Ports!.ShouldHaveSingleItem();
        (postgres.Number, postgres.IsHttp).ShouldBe((5432, false));
        ImageCatalogue.For("nginx:1.27", []).Ports!.ShouldHaveSingleItem().Number.ShouldBe(80);
    }

    [Fact]
    public void An_unknown_image_runs_as_root_and_serves_where_its_container_says()
    {
        var unknown = ImageCatalogue.For("example.com/app:1", []);
        unknown.ShouldBe(ImageMetadata.Unknown);
        unknown.RuntimeUser().ShouldBe((null, null));
        unknown.Ports.ShouldBeNull();
    }

    [Fact]
    public void A_test_can_describe_its_own_images_before_the_catalogue()
    {
        var mine = new ImageMetadata("nginx", User: "1000", Ports: [ImagePort.Http(8080, "/health")]);
        ImageCatalogue.For("docker.io/library/nginx:1.27", [mine]).ShouldBe(mine);
        ImageCatalogue.For("registry.example.com/team/api:2", [new ImageMetadata("team/*", User: "1000:1000")]).RuntimeUser().ShouldBe((1000L, null));
    }
}
