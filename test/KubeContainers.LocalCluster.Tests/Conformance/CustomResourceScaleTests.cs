using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Tests.Support;

namespace KubeContainers.LocalCluster.Tests.Conformance;

/// <summary>A CRD's scale subresource (apiextensions ScaleREST): replicas and the selector read and written at the
/// definition's paths, so kubectl scale and an autoscaler drive a custom resource.</summary>
[ClusterTest]
public sealed class CustomResourceScaleTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private const string Definition = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: pools.example.com
        spec:
          group: example.com
          scope: Namespaced
          names: { plural: pools, singular: pool, kind: Pool }
          versions:
          - name: v1
            served: true
            storage: true
            subresources:
              status: {}
              scale: { specReplicasPath: .spec.size, statusReplicasPath: .status.running, labelSelectorPath: .status.selector }
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec: { type: object, properties: { size: { type: integer, minimum: 0 }, color: { type: string } } }
                  status: { type: object, properties: { running: { type: integer }, selector: { type: string } } }
        """;

    private Kubectl Kubectl => fixture.Kubectl;

    private async Task<string> PoolAsync(string name, string spec)
    {
        (await Kubectl.RunAsync("apply -f -", Definition)).ShouldSucceed();
        (await Kubectl.RunAsync("wait --for=condition=Established crd/pools.example.com --timeout=20s")).ShouldSucceed();
        var ns = await fixture.NamespaceAsync("pool");
        (await Kubectl.RunAsync("apply -f -", $$"""
            apiVersion: example.com/v1
            kind: Pool
            metadata: { name: {{name}}, namespace: {{ns}} }
            spec: {{spec}}
            """)).ShouldSucceed();
        return ns;
    }

    private async Task<JsonObject> GetJsonAsync(string arguments) =>
        JsonNode.Parse((await Kubectl.RunAsync(arguments)).ShouldSucceed().Stdout)!.AsObject();

    [Fact]
    public async Task Kubectl_scale_writes_the_definitions_spec_path_and_the_scale_reads_its_status_paths()
    {
        var ns = await PoolAsync("a", "{ size: 1, color: red }");
        (await Kubectl.RunAsync($$$"""patch pool a -n {{{ns}}} --subresource=status --type=merge -p '{"status":{"running":1,"selector":"app=a"}}'""")).ShouldSucceed();

        (await Kubectl.RunAsync($"scale pool a -n {ns} --replicas=3")).ShouldSucceed().Stdout.ShouldContain("pool.example.com/a scaled");

        var pool = await GetJsonAsync($"get pool a -n {ns} -o json");
        pool["spec"]!["size"]!.GetValue<int>().ShouldBe(3);
        pool["spec"]!["color"]!.GetValue<string>().ShouldBe("red", "only the replicas path changes");
        pool["metadata"]!["generation"]!.GetValue<long>().ShouldBe(2);
        var scale = await GetJsonAsync($"get --raw /apis/example.com/v1/namespaces/{ns}/pools/a/scale");
        scale["kind"]!.GetValue<string>().ShouldBe("Scale");
        scale["spec"]!["replicas"]!.GetValue<int>().ShouldBe(3);
        scale["status"]!["replicas"]!.GetValue<int>().ShouldBe(1);
        scale["status"]!["selector"]!.GetValue<string>().ShouldBe("app=a");
    }

    [Fact]
    public async Task Missing_values_read_as_zero_and_an_empty_selector_and_negative_replicas_are_refused()
    {
        var ns = await PoolAsync("b", "{ color: blue }");

        var scale = await GetJsonAsync($"get --raw /apis/example.com/v1/namespaces/{ns}/pools/b/scale");
        scale["spec"]!.AsObject().ContainsKey("replicas").ShouldBeFalse("0 is omitted, as Go's omitempty does");
        scale["status"]!["replicas"]!.GetValue<int>().ShouldBe(0);
        scale["status"]!.AsObject().ContainsKey("selector").ShouldBeFalse();

        var refused = (await Kubectl.RunAsync($"scale pool b -n {ns} --replicas=-1")).ShouldFail();
        refused.Stderr.ShouldContain("--replicas=COUNT");
    }
}
