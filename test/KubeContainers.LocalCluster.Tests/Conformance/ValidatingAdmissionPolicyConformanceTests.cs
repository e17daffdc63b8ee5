using KubeContainers.LocalCluster.Tests.Support;

namespace KubeContainers.LocalCluster.Tests.Conformance;

/// <summary>
/// ValidatingAdmissionPolicy as the real kubectl shows it: a policy whose parameter is a cluster-scoped custom
/// resource (a "plan"), one binding per plan choosing its namespaces by label, objects admitted in one namespace and
/// refused in another with the apiserver's words, Warn as a kubectl warning, a missing parameter refused, and a
/// policy whose expression does not compile refused when written. Every test names its objects with its own suffix
/// (policies are cluster-wide and the cluster is shared by the class).
/// </summary>
[ClusterTest]
public sealed class ValidatingAdmissionPolicyConformanceTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private Kubectl Kubectl => fixture.Kubectl;

    private const string PlanCrd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: plans.example.com
        spec:
          group: example.com
          scope: Cluster
          names: { plural: plans, singular: plan, kind: Plan }
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
                      maxReplicas: { type: integer }
        """;

    private static string Plan(string name, int maxReplicas) => $"""
        apiVersion: example.com/v1
        kind: Plan
        metadata:
          name: {name}
        spec:
          maxReplicas: {maxReplicas}
        """;

    private static string Policy(string name) => $"""
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata:
          name: {name}
        spec:
          paramKind:
            apiVersion: example.com/v1
            kind: Plan
          matchConstraints:
            resourceRules:
            - apiGroups: ["apps"]
              apiVersions: ["v1"]
              operations: ["CREATE", "UPDATE"]
              resources: ["deployments"]
          matchConditions:
          - name: not-exempt
            expression: "!has(object.metadata.labels) || !('exempt' in object.metadata.labels)"
          variables:
          - name: replicas
            expression: "object.spec.replicas"
          validations:
          - expression: "variables.replicas <= params.spec.maxReplicas"
            messageExpression: "'plan ' + params.metadata.name + ' allows at most ' + string(params.spec.maxReplicas) + ' replicas, not ' + string(variables.replicas)"
            reason: Forbidden
          - expression: "object.metadata.name != 'forbidden-' + request.namespace"
        """;

    private static string Binding(string name, string policy, string plan, string actions, string notFound = "Deny") => $"""
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata:
          name: {name}
        spec:
          policyName: {policy}
          validationActions: [{actions}]
          paramRef:
            name: {plan}
            parameterNotFoundAction: {notFound}
          matchResources:
            namespaceSelector:
              matchLabels:
                plan: {plan}
        """;

    private static string Deployment(string ns, string name, int replicas, string labels = "") => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {name}
          namespace: {ns}
        {labels}spec:
          replicas: {replicas}
          selector:
            matchLabels:
              app: {name}
          template:
            metadata:
              labels:
                app: {name}
            spec:
              containers:
              - name: app
                image: nginx
        """;

    private static string Suffix() => Guid.NewGuid().ToString("N")[..6];

    private async Task<string> NamespaceOnPlanAsync(string plan)
    {
        var ns = await fixture.NamespaceAsync("vap");
        (await Kubectl.RunAsync($"label namespace {ns} plan={plan}")).ShouldSucceed();
        return ns;
    }

    private async Task ApplyAsync(string yaml) => (await Kubectl.RunAsync("apply -f -", yaml)).ShouldSucceed();

    [Fact]
    public async Task The_same_deployment_passes_on_one_plan_and_is_refused_on_another_with_the_apiservers_message()
    {
        var id = Suffix();
        await ApplyAsync(PlanCrd);
        await ApplyAsync(Plan($"small-{id}", 2) + "\n---\n" + Plan($"large-{id}", 5));
        await ApplyAsync(Policy($"replicas-{id}"));
        await ApplyAsync(Binding($"small-{id}", $"replicas-{id}", $"small-{id}", "Deny") + "\n---\n" + Binding($"large-{id}", $"replicas-{id}", $"large-{id}", "Deny"));
        var small = await NamespaceOnPlanAsync($"small-{id}");
        var large = await NamespaceOnPlanAsync($"large-{id}");

        var refused = (await Kubectl.RunAsync("apply -f -", Deployment(small, "web", 4))).ShouldFail();
        (await Kubectl.RunAsync("apply -f -", Deployment(large, "web", 4))).ShouldSucceed();
        (await Kubectl.RunAsync("apply -f -", Deployment(small, "web", 2))).ShouldSucceed();
        var exempt = await Kubectl.RunAsync("apply -f -", Deployment(small, "batch", 9, "  labels: { exempt: \"yes\" }\n"));
        var grown = (await Kubectl.RunAsync($"patch deployment web -n {small} --type=merge -p '{{\"spec\":{{\"replicas\":3}}}}'")).ShouldFail();
        var badName = (await Kubectl.RunAsync("apply -f -", Deployment(large, $"forbidden-{large}", 1))).ShouldFail();

        refused.Stderr.Trim().ShouldBe(
            $"Error from server (Forbidden): error when creating \"STDIN\": deployments.apps \"web\" is forbidden: " +
            $"ValidatingAdmissionPolicy 'replicas-{id}' with binding 'small-{id}' denied request: plan small-{id} allows at most 2 replicas, not 4");
        exempt.ShouldSucceed();
        grown.Stderr.Trim().ShouldBe(
            $"Error from server (Forbidden): deployments.apps \"web\" is forbidden: " +
            $"ValidatingAdmissionPolicy 'replicas-{id}' with binding 'small-{id}' denied request: plan small-{id} allows at most 2 replicas, not 3");
        // No reason: Invalid (422), which kubectl prints from the status' cause.
        badName.Stderr.Trim().ShouldBe(
            $"The deployments \"forbidden-{large}\" is invalid: : ValidatingAdmissionPolicy 'replicas-{id}' with binding 'large-{id}' " +
            $"denied request: failed expression: object.metadata.name != 'forbidden-' + request.namespace");
        (await Kubectl.RunAsync($"get deployment web -n {small} -o jsonpath={{.spec.replicas}}")).ShouldSucceed().Stdout.ShouldBe("2");
    }

    [Fact]
    public async Task Raising_the_plan_admits_what_it_refused_and_a_reapplied_policy_takes_effect_at_once()
    {
        var id = Suffix();
        await ApplyAsync(PlanCrd);
        await ApplyAsync(Plan($"free-{id}", 1));
        await ApplyAsync(Policy($"raise-{id}"));
        await ApplyAsync(Binding($"free-{id}", $"raise-{id}", $"free-{id}", "Deny"));
        var ns = await NamespaceOnPlanAsync($"free-{id}");
        (await Kubectl.RunAsync("apply -f -", Deployment(ns, "web", 2))).ShouldFail();

        // kubectl apply patches the policy (a strategic merge patch of a built-in kind): Invalid from now on.
        await ApplyAsync(Policy($"raise-{id}").Replace("reason: Forbidden", "reason: Invalid", StringComparison.Ordinal));
        var invalid = (await Kubectl.RunAsync("apply -f -", Deployment(ns, "web", 2))).ShouldFail();
        (await Kubectl.RunAsync($"patch plan free-{id} --type=merge -p '{{\"spec\":{{\"maxReplicas\":2}}}}'")).ShouldSucceed();
        var admitted = await Kubectl.RunAsync("apply -f -", Deployment(ns, "web", 2));

        invalid.Stderr.Trim().ShouldBe(
            $"The deployments \"web\" is invalid: : ValidatingAdmissionPolicy 'raise-{id}' with binding 'free-{id}' denied request: plan free-{id} allows at most 1 replicas, not 2");
        admitted.ShouldSucceed().Stdout.Trim().ShouldBe("deployment.apps/web created");
    }

    [Fact]
    public async Task A_warn_binding_admits_with_a_warning_kubectl_prints()
    {
        var id = Suffix();
        await ApplyAsync(PlanCrd);
        await ApplyAsync(Plan($"tiny-{id}", 1));
        await ApplyAsync(Policy($"warn-{id}"));
        await ApplyAsync(Binding($"tiny-{id}", $"warn-{id}", $"tiny-{id}", "Warn, Audit"));
        var ns = await NamespaceOnPlanAsync($"tiny-{id}");

        var admitted = (await Kubectl.RunAsync("apply -f -", Deployment(ns, "web", 3))).ShouldSucceed();

        admitted.Stderr.Trim().ShouldBe(
            $"Warning: Validation failed for ValidatingAdmissionPolicy 'warn-{id}' with binding 'tiny-{id}': plan tiny-{id} allows at most 1 replicas, not 3");
        admitted.Stdout.Trim().ShouldBe("deployment.apps/web created");
    }

    [Fact]
    public async Task A_missing_param_refuses_when_the_binding_says_Deny_and_admits_when_it_says_Allow()
    {
        var id = Suffix();
        await ApplyAsync(PlanCrd);
        await ApplyAsync(Policy($"missing-{id}"));
        await ApplyAsync(Binding($"absent-{id}", $"missing-{id}", $"absent-{id}", "Deny"));
        await ApplyAsync(Binding($"optional-{id}", $"missing-{id}", $"optional-{id}", "Deny", notFound: "Allow"));
        var denying = await NamespaceOnPlanAsync($"absent-{id}");
        var allowing = await NamespaceOnPlanAsync($"optional-{id}");

        var refused = (await Kubectl.RunAsync("apply -f -", Deployment(denying, "web", 1))).ShouldFail();
        (await Kubectl.RunAsync("apply -f -", Deployment(allowing, "web", 9))).ShouldSucceed();

        refused.Stderr.Trim().ShouldBe(
            $"The deployments \"web\" is invalid: : ValidatingAdmissionPolicy 'missing-{id}' with binding 'absent-{id}' denied request: " +
            "failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction");
        await ApplyAsync(Plan($"absent-{id}", 3));
        (await Kubectl.RunAsync("apply -f -", Deployment(denying, "web", 1))).ShouldSucceed();
    }

    [Fact]
    public async Task A_policy_whose_expression_does_not_compile_is_refused_when_written()
    {
        var id = Suffix();
        var policy = Policy($"bad-{id}").Replace("variables.replicas <= params.spec.maxReplicas", "object.spec.replicas <= parms.max", StringComparison.Ordinal);

        var refused = (await Kubectl.RunAsync("apply -f -", policy)).ShouldFail();
        var withoutParamKind = (await Kubectl.RunAsync("apply -f -", Policy($"noparams-{id}").Replace("""
              paramKind:
                apiVersion: example.com/v1
                kind: Plan

            """, "", StringComparison.Ordinal))).ShouldFail();

        refused.Stderr.Trim().ShouldBe(
            $"The ValidatingAdmissionPolicy \"bad-{id}\" is invalid: spec.validations[0].expression: Invalid value: \"object.spec.replicas <= parms.max\": " +
            "compilation failed: ERROR: <input>:1:25: undeclared reference to 'parms' (in container '')\n" +
            " | object.spec.replicas <= parms.max\n" +
            " | ........................^");
        // Without a paramKind, params is not declared at all.
        withoutParamKind.Stderr.ShouldContain("spec.validations[0].expression: Invalid value: \"variables.replicas <= params.spec.maxReplicas\": compilation failed: ERROR: <input>:1:23: undeclared reference to 'params' (in container '')");
        (await Kubectl.RunAsync($"get validatingadmissionpolicy bad-{id}")).ShouldFail();
    }
}
