using KubeContainers.LocalCluster.Tests.Support;

namespace KubeContainers.LocalCluster.Tests.Conformance;

/// <summary>CRDs through kubectl: served at once, schema validation and defaults, printer columns, status subresource.</summary>
[ClusterTest]
public sealed class CustomResourceConformanceTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private const string Definition = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.com
        spec:
          group: example.com
          scope: Namespaced
          names:
            plural: widgets
            singular: widget
            kind: Widget
            shortNames: [wd]
          versions:
          - name: v1
            served: true
            storage: true
            subresources:
              status: {}
            additionalPrinterColumns:
            - name: Size
              type: integer
              jsonPath: .spec.size
            - name: Phase
              type: string
              jsonPath: .status.phase
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    required: [size]
                    properties:
                      size:
                        type: integer
                        minimum: 1
                        maximum: 10
                      color:
                        type: string
                        enum: [red, blue]
                        default: red
                  status:
                    type: object
                    properties:
                      phase:
                        type: string
                      conditions:
                        type: array
                        items:
                          type: object
                          x-kubernetes-preserve-unknown-fields: true
        """;

    private Kubectl Kubectl => fixture.Kubectl;

    private static string Widget(string ns, string name, string spec) => $"""
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: {name}
          namespace: {ns}
        spec:
          {spec}
        """;

    private async Task DefineAsync()
    {
        (await Kubectl.RunAsync("apply -f -", Definition)).ShouldSucceed();
        (await Kubectl.RunAsync("wait --for=condition=Established crd/widgets.example.com --timeout=20s")).ShouldSucceed();
    }

    [Fact]
    public async Task A_definition_is_served_at_once_with_printer_columns_and_defaults()
    {
        await DefineAsync();
        var ns = await fixture.NamespaceAsync("crd");
        (await Kubectl.RunAsync("apply -f -", Widget(ns, "small", "size: 3"))).ShouldSucceed().Stdout.ShouldContain("widget.example.com/small created");
        var table = (await Kubectl.RunAsync($"get wd -n {ns}")).ShouldSucceed().Stdout;
        table.ShouldContain("SIZE");
        table.ShouldContain("PHASE");
        table.ShouldContain("small");
        (await Kubectl.RunAsync($"get widget small -n {ns} -o jsonpath={{.spec.color}}")).Stdout.ShouldBe("red");
    }

    [Fact]
    public async Task Invalid_objects_are_refused_naming_the_field_and_the_rule()
    {
        await DefineAsync();
        var ns = await fixture.NamespaceAsync("invalid");
        var tooBig = (await Kubectl.RunAsync("apply -f -", Widget(ns, "huge", "size: 70"))).ShouldFail();
        tooBig.Stderr.ShouldContain("spec.size: Invalid value: 70: spec.size in body should be less than or equal to 10");
        var badColor = (await Kubectl.RunAsync("apply -f -", Widget(ns, "green", "size: 2\n  color: green"))).ShouldFail();
        badColor.Stderr.ShouldContain("spec.color: Unsupported value: \"green\"");
        var missing = (await Kubectl.RunAsync("apply -f -", Widget(ns, "empty", "color: blue"))).ShouldFail();
        missing.Stderr.ShouldContain("spec.size: Required value");
        var unknown = (await Kubectl.RunAsync("apply -f -", Widget(ns, "typo", "size: 2\n  colour: blue"))).ShouldFail();
        unknown.Stderr.ShouldContain("unknown field \"spec.colour\"");
        (await Kubectl.RunAsync($"get widgets -n {ns} -o name")).ShouldSucceed().Stdout.Trim().ShouldBeEmpty();
    }

    [Fact]
    public async Task Status_subresource_and_wait_for_condition()
    {
        await DefineAsync();
        var ns = await fixture.NamespaceAsync("status");
        (await Kubectl.RunAsync("apply -f -", Widget(ns, "ready", "size: 4"))).ShouldSucceed();
        var generation = (await Kubectl.RunAsync($"get widget ready -n {ns} -o jsonpath={{.metadata.generation}}")).Stdout;
        using var waiting = Kubectl.Start($"wait --for=condition=Ready widget/ready -n {ns} --timeout=30s");
        var status = "{\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"Done\",\"message\":\"ok\",\"lastTransitionTime\":\"2026-01-01T00:00:00Z\"}]}}";
        (await Kubectl.RunAsync($"patch widget ready -n {ns} --subresource=status --type merge -p '{status}'")).ShouldSucceed();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await waiting.WaitForExitAsync(deadline.Token);
        waiting.ExitCode.ShouldBe(0, await waiting.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken));
        (await Kubectl.RunAsync($"get widget ready -n {ns} -o jsonpath={{.metadata.generation}}")).Stdout.ShouldBe(generation);
        (await Kubectl.RunAsync($"get widget ready -n {ns}")).Stdout.ShouldContain("Running");
        (await Kubectl.RunAsync($"patch widget ready -n {ns} --type merge -p '{{\"status\":{{\"phase\":\"Ignored\"}}}}'")).ShouldSucceed();
        (await Kubectl.RunAsync($"get widget ready -n {ns} -o jsonpath={{.status.phase}}")).Stdout.ShouldBe("Running");
    }
}
