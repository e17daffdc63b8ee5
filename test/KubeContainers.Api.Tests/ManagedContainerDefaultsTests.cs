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
    public void Health_check_defaults_to_get_health_only_with_a_port()
    {
        ManagedContainerDefaults.EffectiveHealthCheck(new ManagedContainerSpec { Image = "nginx" }).ShouldBeNull();
        ManagedContainerDefaults.EffectiveHealthCheck(new ManagedContainerSpec { Image = "nginx", Port = 80 })!
            .Path.ShouldBe("/health");

        var asked = new HealthCheckSpec { Path = "/ready" };
        ManagedContainerDefaults.EffectiveHealthCheck(new ManagedContainerSpec { Image = "nginx", Port = 80, HealthCheck = asked })
            .ShouldBeSameAs(asked);
    }
}
