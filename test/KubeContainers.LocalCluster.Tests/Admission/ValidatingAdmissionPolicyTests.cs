using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Storage;
using KubeContainers.LocalCluster.Tests.Controllers;
using KubeContainers.LocalCluster.Tests.Support;

namespace KubeContainers.LocalCluster.Tests.Admission;

/// <summary>ValidatingAdmissionPolicy through the API: matching, params, failure policy, reasons and codes.</summary>
[ClusterTest]
public sealed class ValidatingAdmissionPolicyTests
{
    private static string Policy(string validations, string extra = "", string failurePolicy = "Fail") => $$"""
        { "apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingAdmissionPolicy", "metadata": { "name": "limit" },
          "spec": { "failurePolicy": "{{failurePolicy}}", {{extra}}
            "matchConstraints": { "resourceRules": [ { "apiGroups": [""], "apiVersions": ["v1"], "operations": ["CREATE", "UPDATE"], "resources": ["configmaps"] } ] },
            "validations": [ {{validations}} ] } }
        """;

    private static string Binding(string actions = "\"Deny\"", string extra = "") => $$"""
        { "apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingAdmissionPolicyBinding", "metadata": { "name": "limit-binding" },
          "spec": { "policyName": "limit", "validationActions": [ {{actions}} ] {{extra}} } }
        """;

    private static string ConfigMap(string name, string size) =>
        $$"""{ "apiVersion": "v1", "kind": "ConfigMap", "metadata": { "name": "{{name}}" }, "data": { "size": "{{size}}" } }""";

    [Fact]
    public async Task A_failed_validation_refuses_with_reason_and_code_and_an_evaluation_error_follows_the_failure_policy()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.ValidatingAdmissionPolicies, Policy("""
            { "expression": "int(object.data.size) <= 2", "message": "size too big", "reason": "Forbidden" },
            { "expression": "object.metadata.name != 'bad'" }
            """));
        cluster.Create(BuiltinResources.ValidatingAdmissionPolicyBindings, Binding());

        cluster.Create(BuiltinResources.ConfigMaps, ConfigMap("ok", "2"));
        var big = Should.Throw<ApiException>(() => cluster.Create(BuiltinResources.ConfigMaps, ConfigMap("big", "3")));
        var bad = Should.Throw<ApiException>(() => cluster.Create(BuiltinResources.ConfigMaps, ConfigMap("bad", "1")));
        var broken = Should.Throw<ApiException>(() => cluster.Create(BuiltinResources.ConfigMaps, ConfigMap("broken", "x")));

        big.Code.ShouldBe(403);
        big.Reason.ShouldBe("Forbidden");
        big.Message.ShouldBe("configmaps \"big\" is forbidden: ValidatingAdmissionPolicy 'limit' with binding 'limit-binding' denied request: size too big");
        bad.Code.ShouldBe(422);
        bad.Reason.ShouldBe("Invalid");
        bad.Message.ShouldBe("configmaps \"bad\" is forbidden: ValidatingAdmissionPolicy 'limit' with binding 'limit-binding' denied request: failed expression: object.metadata.name != 'bad'");
        broken.Code.ShouldBe(422);
        broken.Message.ShouldStartWith("configmaps \"broken\" is forbidden: ValidatingAdmissionPolicy 'limit' with binding 'limit-binding' denied request: expression 'int(object.data.size) <= 2' resulted in error: ");
    }
}
