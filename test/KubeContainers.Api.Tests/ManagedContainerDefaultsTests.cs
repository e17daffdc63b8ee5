namespace KubeContainers.Api.Tests;

public sealed class ManagedContainerDefaultsTests
{
    [Fact]
    public void Constants_follow_the_contract()
    {
        ManagedContainerDefaults.Replicas.ShouldBe(1);
        ManagedContainerDefaults.HealthCheckPath.ShouldBe("/health");
        ManagedContainerDefaults.ProgressDeadlineSeconds.ShouldBe(600);
        ManagedContainerDefaults.AutoRollback.ShouldBeTrue();
        ManagedContainerDefaults.Egress.ShouldBe("none");
        ManagedContainerDefaults.Mode.ShouldBe("persistent");
        ManagedContainerDefaults.MaxEnvVars.ShouldBe(100);
        ManagedContainerDefaults.MaxEnvValueLength.ShouldBe(32 * 1024);
    }

    [Theory]
    [InlineData(8080, null, "public")]
    [InlineData(null, null, "none")]
    [InlineData(8080, "private", "private")]
    [InlineData(8080, "none", "none")]
    public void Ingress_is_public_when_a_port_is_set(int? port, string? asked, string expected)
    {
        var spec = new ManagedContainerSpec
        {
            Image = "nginx",
            Port = port,
            Networking = asked is null ? null : new NetworkingSpec { Ingress = asked },
        };

        ManagedContainerDefaults.EffectiveIngress(spec).ShouldBe(expected);
    }

    [Fact]
    public void Health_check_defaults_to_tcp_only_with_a_port()
    {
        ManagedContainerDefaults.EffectiveHealthCheck(new ManagedContainerSpec { Image = "nginx" }).ShouldBeNull();
        var byDefault = ManagedContainerDefaults.EffectiveHealthCheck(new ManagedContainerSpec { Image = "nginx", Port = 80 })!;
        byDefault.Type.ShouldBe(HealthCheckTypes.Tcp);
        byDefault.Path.ShouldBeNull();

        var asked = new HealthCheckSpec { Path = "/ready" };
        ManagedContainerDefaults.EffectiveHealthCheck(new ManagedContainerSpec { Image = "nginx", Port = 80, HealthCheck = asked })
            .ShouldBeSameAs(asked);
    }

    [Theory]
    [InlineData(null, null, "tcp")]
    [InlineData(null, "/ready", "http")]
    [InlineData("http", null, "http")]
    [InlineData("grpc", null, "grpc")]
    [InlineData("exec", null, "exec")]
    [InlineData("none", null, "none")]
    public void Health_check_type_is_http_with_a_path_else_tcp_unless_asked(string? type, string? path, string expected) =>
        ManagedContainerDefaults.EffectiveHealthCheckType(new HealthCheckSpec { Type = type, Path = path }).ShouldBe(expected);
}
