using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Storage;
using KubeContainers.LocalCluster.Tests.Controllers;

namespace KubeContainers.LocalCluster.Tests.Admission;

/// <summary>Container ports of pods and pod templates refused as kube-apiserver's validateContainerPorts refuses them.</summary>
[ClusterTest]
public sealed class ContainerPortTests
{
    private static string Pod(string ports) => $$"""
        { "apiVersion": "v1", "kind": "Pod", "metadata": { "name": "bad" },
          "spec": { "containers": [ { "name": "app", "image": "nginx", "ports": {{ports}} } ] } }
        """;

    private static string Deployment(string ports) => $$"""
        { "apiVersion": "apps/v1", "kind": "Deployment", "metadata": { "name": "bad" },
          "spec": { "selector": { "matchLabels": { "app": "x" } },
                    "template": { "metadata": { "labels": { "app": "x" } },
                                  "spec": { "containers": [ { "name": "app", "image": "nginx", "ports": {{ports}} } ] } } } }
        """;

    [Theory]
    [InlineData("""[ { "name": "http", "containerPort": 80 }, { "name": "http", "containerPort": 81 } ]""", "spec.containers[0].ports[1].name: Duplicate value: \"http\"")]
    [InlineData("""[ { "name": "web--ui", "containerPort": 80 } ]""", "spec.containers[0].ports[0].name: Invalid value: \"web--ui\": must not contain consecutive hyphens")]
    [InlineData("""[ { "name": "administration-ui", "containerPort": 80 } ]""", "spec.containers[0].ports[0].name: Invalid value: \"administration-ui\": must be no more than 15 characters")]
    [InlineData("""[ { "name": "8080", "containerPort": 80 } ]""", "spec.containers[0].ports[0].name: Invalid value: \"8080\": must contain at least one letter (a-z)")]
    [InlineData("""[ { "name": "web" } ]""", "spec.containers[0].ports[0].containerPort: Required value")]
    [InlineData("""[ { "containerPort": 70000 } ]""", "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive")]
    [InlineData("""[ { "containerPort": 53, "protocol": "ICMP" } ]""", "spec.containers[0].ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"")]
    public async Task A_bad_container_port_is_refused_in_a_pod_and_in_a_template(string ports, string error)
    {
        await using var cluster = await TestCluster.StartAsync();

        Should.Throw<ApiException>(() => cluster.Create(BuiltinResources.Pods, Pod(ports))).Message
            .ShouldBe($"Pod \"bad\" is invalid: {error}");
        Should.Throw<ApiException>(() => cluster.Create(BuiltinResources.Deployments, Deployment(ports))).Message
            .ShouldBe($"Deployment.apps \"bad\" is invalid: {error.Replace("spec.containers", "spec.template.spec.containers", StringComparison.Ordinal)}");
    }

    [Fact]
    public async Task The_same_number_for_tcp_and_udp_and_unnamed_ports_are_accepted()
    {
        await using var cluster = await TestCluster.StartAsync();

        var pod = cluster.Create(BuiltinResources.Pods, Pod("""[ { "name": "dns", "containerPort": 53, "protocol": "UDP" }, { "name": "dns-tcp", "containerPort": 53 }, { "containerPort": 8080 } ]"""));

        pod["spec"]!["containers"]![0]!["ports"]![1]!["protocol"]!.ToString().ShouldBe("TCP");
    }
}
