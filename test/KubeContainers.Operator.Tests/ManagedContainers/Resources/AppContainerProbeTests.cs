using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.ManagedContainers.Resources;

namespace KubeContainers.Operator.Tests.ManagedContainers.Resources;

/// <summary>The probes of the app container for each kind of spec.healthCheck, and the startup probe.</summary>
public sealed class AppContainerProbeTests
{
    private static V1Container Build(ManagedContainerSpec spec) => AppContainerResource.Make(Cases.Input(spec));

    private static V1Probe[] ReadinessAndLiveness(V1Container c) => [c.ReadinessProbe, c.LivenessProbe];

    [Fact]
    public void Without_a_health_check_a_port_gets_a_tcp_check_on_it()
    {
        var container = Build(new ManagedContainerSpec { Image = "redis:7", Port = 6379 });

        foreach (var probe in ReadinessAndLiveness(container))
        {
            probe.TcpSocket.Port.Value.ShouldBe("6379");
            (probe.HttpGet, probe.Exec, probe.Grpc).ShouldBe((null, null, null));
        }

        container.StartupProbe.ShouldBeNull();
    }

    [Fact]
    public void A_path_without_a_type_makes_an_http_check()
    {
        var container = Build(new ManagedContainerSpec { Image = "nginx", Port = 8080, HealthCheck = new HealthCheckSpec { Path = "/" } });

        foreach (var probe in ReadinessAndLiveness(container))
        {
            probe.HttpGet.Path.ShouldBe("/");
            probe.HttpGet.Port.Value.ShouldBe("8080");
            probe.TcpSocket.ShouldBeNull();
        }
    }

    [Fact]
    public void An_http_check_without_a_path_gets_the_default_path()
    {
        var container = Build(new ManagedContainerSpec { Image = "nginx", Port = 8080, HealthCheck = new HealthCheckSpec { Type = HealthCheckTypes.Http } });

        container.ReadinessProbe.HttpGet.Path.ShouldBe(ManagedContainerDefaults.HealthCheckPath);
    }

    [Fact]
    public void A_grpc_check_probes_its_port_and_service()
    {
        var check = new HealthCheckSpec { Type = HealthCheckTypes.Grpc, Port = 9090, Service = "org.Rpc" };
        var container = Build(new ManagedContainerSpec { Image = "rpc", Port = 8080, HealthCheck = check });

        foreach (var probe in ReadinessAndLiveness(container))
        {
            probe.Grpc.Port.ShouldBe(9090);
            probe.Grpc.Service.ShouldBe("org.Rpc");
        }
    }

    [Fact]
    public void An_exec_check_runs_its_argv_even_without_a_port()
    {
        var check = new HealthCheckSpec { Type = HealthCheckTypes.Exec, Command = ["cat", "/tmp/healthy"] };
        var container = Build(new ManagedContainerSpec { Image = "busybox", HealthCheck = check });

        foreach (var probe in ReadinessAndLiveness(container))
        {
            probe.Exec.Command.ShouldBe(["cat", "/tmp/healthy"]);
        }

        container.ReadinessProbe.ShouldNotBeSameAs(container.LivenessProbe);
    }

    [Fact]
    public void None_and_a_worker_without_a_port_get_no_probe()
    {
        var none = Build(new ManagedContainerSpec { Image = "nginx", Port = 8080, HealthCheck = new HealthCheckSpec { Type = HealthCheckTypes.None } });
        var worker = Build(new ManagedContainerSpec { Image = "worker" });

        foreach (var container in new[] { none, worker })
        {
            (container.ReadinessProbe, container.LivenessProbe, container.StartupProbe).ShouldBe((null, null, null));
        }
    }

    [Theory]
    [InlineData(120, 10, 12)]
    [InlineData(125, 10, 13)]
    [InlineData(1, 10, 1)]
    [InlineData(300, 7, 43)]
    public void Startup_seconds_become_a_startup_probe_of_the_same_check(int startupSeconds, int period, int threshold)
    {
        var check = new HealthCheckSpec { Path = "/ready", PeriodSeconds = period, StartupSeconds = startupSeconds };
        var container = Build(new ManagedContainerSpec { Image = "slow", Port = 8080, HealthCheck = check });

        var startup = container.StartupProbe.ShouldNotBeNull();
        startup.HttpGet.Path.ShouldBe("/ready");
        startup.PeriodSeconds.ShouldBe(period);
        startup.FailureThreshold.ShouldBe(threshold);
        container.ReadinessProbe.FailureThreshold.ShouldBe(ManagedContainerDefaults.HealthCheckFailureThreshold);
    }

    [Fact]
    public void Startup_seconds_without_a_probe_give_no_startup_probe()
    {
        var check = new HealthCheckSpec { Type = HealthCheckTypes.None, StartupSeconds = 60 };

        Build(new ManagedContainerSpec { Image = "slow", Port = 8080, HealthCheck = check }).StartupProbe.ShouldBeNull();
    }
}
