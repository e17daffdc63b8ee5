using KubeContainers.Operator.Configuration;
using KubeContainers.Operator.ManagedContainers.Resources;
using KubeContainers.Operator.Tests.Support;

namespace KubeContainers.Operator.Tests.ManagedContainers.Resources;

/// <summary>
/// Every object the builders make for the golden cases passes the upstream Kubernetes OpenAPI schema (the npm
/// package kubernetes-models, installed by <c>make tools</c>): a field the client library accepts but the apiserver
/// would refuse shows up here, not in a cluster.
/// </summary>
[ClusterTest]
public sealed class UpstreamSchemaTests
{
    [Fact]
    public void Every_generated_object_is_valid()
    {
        var objects = Cases.All.Values
            .SelectMany(Cases.Children)
            .Select(c => c.Object)
            .Concat(OperatorSettings.DefaultProfiles().Values.Select(RuntimeClassResource.Make))
            .OfType<object>()
            .ToList();

        var (exitCode, output) = UpstreamSchema.Validate(objects);

        exitCode.ShouldBe(0, output);
        output.ShouldContain($"{objects.Count} of {objects.Count} objects valid");
    }

    [Fact]
    public void The_check_really_rejects_an_invalid_object()
    {
        object[] objects =
        [
            new { apiVersion = "v1", kind = "Service", metadata = new { name = "bad" }, spec = new { ports = new[] { new { port = "eighty" } } } },
            new { apiVersion = "v1", kind = "NoSuchKind", metadata = new { name = "bad" } },
        ];

        var (exitCode, output) = UpstreamSchema.Validate(objects);

        exitCode.ShouldBe(1, output);
        output.ShouldContain("ports/0/port must be integer");
        output.ShouldContain("unknown apiVersion/kind");
    }
}
