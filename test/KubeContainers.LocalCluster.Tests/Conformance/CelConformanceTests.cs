using KubeContainers.LocalCluster.Tests.Schema;
using KubeContainers.LocalCluster.Tests.Support;

namespace KubeContainers.LocalCluster.Tests.Conformance;

/// <summary>
/// CRD validation rules (x-kubernetes-validations) through the real kubectl: the project's ManagedContainer CRD
/// refusing what its CEL rules refuse with the apiserver's message, a transition rule on update, and a CRD
/// whose rule does not compile refused when it is applied.
/// </summary>
[ClusterTest]
public sealed class CelConformanceTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private Kubectl Kubectl => fixture.Kubectl;

    private async Task DefineManagedContainersAsync()
    {
        (await Kubectl.RunAsync("apply -f -", ProjectCrd.Json.ToJsonString())).ShouldSucceed();
        (await Kubectl.RunAsync("wait --for=condition=Established crd/managedcontainers.kubecontainers.io --timeout=20s")).ShouldSucceed();
    }

    private static string Container(string ns, string name, string spec) => $"""
        apiVersion: kubecontainers.io/v1alpha1
        kind: ManagedContainer
        metadata:
          name: {name}
          namespace: {ns}
        spec:
          image: nginx
          {spec}
        """;

    [Fact]
    public async Task Kubectl_apply_of_a_container_breaking_a_CEL_rule_shows_the_apiservers_error()
    {
        await DefineManagedContainersAsync();
        var ns = await fixture.NamespaceAsync("cel");

        var probe = (await Kubectl.RunAsync("apply -f -", Container(ns, "probe", "healthCheck:\n    path: /healthz"))).ShouldFail();
        probe.Stderr.Trim().ShouldBe("The ManagedContainer \"probe\" is invalid: spec.healthCheck: Invalid value: \"object\": " +
            "spec.healthCheck: an http, tcp or grpc check requires spec.port, a TCP port in spec.ports or spec.healthCheck.port: there is no port to probe");

        var volumes = (await Kubectl.RunAsync("apply -f -", Container(ns, "disk",
            "volumes:\n  - {name: a, mountPath: /data, size: 1Gi}\n  - {name: a, mountPath: /proc, size: 1Gi}"))).ShouldFail();
        volumes.Stderr.ShouldContain("The ManagedContainer \"disk\" is invalid: ");
        volumes.Stderr.ShouldContain("spec.volumes[1].mountPath: Invalid value: \"string\": spec.volumes[].mountPath: must not be /proc, /sys, /dev or under them");
        volumes.Stderr.ShouldContain("spec.volumes: Invalid value: \"array\": spec.volumes: names must be unique");

        var service = (await Kubectl.RunAsync("apply -f -", Container(ns, "9web", "port: 8080"))).ShouldFail();
        service.Stderr.ShouldContain("<nil>: Invalid value: \"object\": metadata.name: must be a DNS-1035 label");

        (await Kubectl.RunAsync("apply -f -", Container(ns, "web", "port: 8080\n  healthCheck:\n    path: /healthz"))).ShouldSucceed();
        var patched = (await Kubectl.RunAsync($"patch managedcontainer web -n {ns} --type merge -p '{{\"spec\":{{\"mode\":\"oneShot\",\"replicas\":3}}}}'")).ShouldFail();
        patched.Stderr.ShouldContain("spec.replicas: Invalid value: \"object\": spec.replicas: must be 0 or 1 when spec.mode is oneShot");
        (await Kubectl.RunAsync($"get managedcontainers -n {ns} -o name")).ShouldSucceed().Stdout.Trim().ShouldBe("managedcontainer.kubecontainers.io/web");
    }

    private const string Gadgets = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: gadgets.example.com
        spec:
          group: example.com
          scope: Namespaced
          names: {plural: gadgets, singular: gadget, kind: Gadget}
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      class:
                        type: string
                        x-kubernetes-validations:
                        - rule: self == oldSelf
                          message: class is immutable
                      size:
                        type: integer
                    x-kubernetes-validations:
                    - rule: "!has(self.size) || self.size <= 10"
                      messageExpression: "'size must be at most 10, not ' + string(self.size)"
                      reason: FieldValueForbidden
                      fieldPath: .size
        """;

    [Fact]
    public async Task A_transition_rule_and_a_message_expression_through_kubectl()
    {
        (await Kubectl.RunAsync("apply -f -", Gadgets)).ShouldSucceed();
        var ns = await fixture.NamespaceAsync("gadgets");
        var gadget = (string spec) => $"apiVersion: example.com/v1\nkind: Gadget\nmetadata:\n  name: g\n  namespace: {ns}\nspec:\n  {spec}\n";

        var big = (await Kubectl.RunAsync("apply -f -", gadget("size: 12"))).ShouldFail();
        big.Stderr.Trim().ShouldBe("The Gadget \"g\" is invalid: spec.size: Forbidden: size must be at most 10, not 12");

        (await Kubectl.RunAsync("apply -f -", gadget("class: small"))).ShouldSucceed();
        var changed = (await Kubectl.RunAsync("apply -f -", gadget("class: large"))).ShouldFail();
        changed.Stderr.Trim().ShouldBe("The Gadget \"g\" is invalid: spec.class: Invalid value: \"string\": class is immutable");
        (await Kubectl.RunAsync("apply -f -", gadget("class: small\n  size: 3"))).ShouldSucceed();
    }

    [Fact]
    public async Task A_CRD_whose_rule_does_not_compile_is_refused()
    {
        var broken = Gadgets.Replace("gadgets", "brokens", StringComparison.Ordinal).Replace("gadget", "broken", StringComparison.Ordinal)
            .Replace("Gadget", "Broken", StringComparison.Ordinal).Replace("rule: self == oldSelf", "rule: self.lowerAsci() == oldSelf", StringComparison.Ordinal);

        var refused = (await Kubectl.RunAsync("apply -f -", broken)).ShouldFail();

        refused.Stderr.ShouldContain("The CustomResourceDefinition \"brokens.example.com\" is invalid: " +
            "spec.validation.openAPIV3Schema.properties[spec].properties[class].x-kubernetes-validations[0].rule: Invalid value: " +
            "apiextensions.ValidationRule{Rule:\"self.lowerAsci() == oldSelf\", Message:\"class is immutable\"");
        refused.Stderr.ShouldContain("compilation failed: ERROR: <input>:1:15: undeclared reference to 'lowerAsci' (in container '')");
        (await Kubectl.RunAsync("get crd brokens.example.com")).ShouldFail();
    }

    [Fact]
    public async Task An_object_stored_before_a_rule_was_added_can_still_be_written_with_a_warning()
    {
        var withoutRule = Gadgets.Replace("gadgets", "legacies", StringComparison.Ordinal).Replace("gadget", "legacy", StringComparison.Ordinal)
            .Replace("Gadget", "Legacy", StringComparison.Ordinal);
        (await Kubectl.RunAsync("apply -f -", withoutRule)).ShouldSucceed();
        var ns = await fixture.NamespaceAsync("ratchet");
        var legacy = $"apiVersion: example.com/v1\nkind: Legacy\nmetadata:\n  name: old\n  namespace: {ns}\nspec:\n  class: a\n  size: 3\n";
        (await Kubectl.RunAsync("apply -f -", legacy)).ShouldSucceed();

        // A new rule the stored object breaks: the apiserver ratchets it (CRDValidationRatcheting) while the value is unchanged.
        var withRule = System.Text.RegularExpressions.Regex.Replace(withoutRule, @"size:\n( +)type: integer",
            m => $"size:\n{m.Groups[1].Value}type: integer\n{m.Groups[1].Value}x-kubernetes-validations:\n{m.Groups[1].Value}- rule: self > 5\n{m.Groups[1].Value}  message: size must be above 5");
        withRule.ShouldNotBe(withoutRule);
        (await Kubectl.RunAsync("apply -f -", withRule)).ShouldSucceed();

        var labelled = (await Kubectl.RunAsync($"label legacy old -n {ns} touched=yes")).ShouldSucceed();
        labelled.Stderr.ShouldContain("Warning: spec.size: Invalid value: \"integer\": size must be above 5");
        var changed = (await Kubectl.RunAsync($"patch legacy old -n {ns} --type merge -p '{{\"spec\":{{\"size\":4}}}}'")).ShouldFail();
        changed.Stderr.ShouldContain("spec.size: Invalid value: \"integer\": size must be above 5");
    }

    [Fact]
    public async Task Rules_are_not_run_on_an_object_the_schema_refuses_outright()
    {
        (await Kubectl.RunAsync("apply -f -", Gadgets)).ShouldSucceed();
        var ns = await fixture.NamespaceAsync("blocking");

        var refused = (await Kubectl.RunAsync("apply -f -", $"apiVersion: example.com/v1\nkind: Gadget\nmetadata:\n  name: typed\n  namespace: {ns}\nspec:\n  size: many\n")).ShouldFail();

        refused.Stderr.ShouldContain("spec.size: Invalid value: \"string\": spec.size in body must be of type integer: \"string\"");
        refused.Stderr.ShouldContain("<nil>: Invalid value: \"null\": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation");
    }
}
