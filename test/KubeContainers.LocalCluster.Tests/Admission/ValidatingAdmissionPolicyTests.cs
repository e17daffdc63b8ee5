using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Server;
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
    [Fact]
    public async Task Ignore_admits_on_an_evaluation_error_and_match_conditions_exclusions_and_selectors_narrow_what_is_checked()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.ValidatingAdmissionPolicies, Policy("""{ "expression": "int(object.data.size) <= 2" }""", failurePolicy: "Ignore", extra: """
            "matchConditions": [ { "name": "sized", "expression": "has(object.data) && 'size' in object.data" } ],
            """));
        cluster.Create(BuiltinResources.ValidatingAdmissionPolicyBindings, Binding(extra: """
            , "matchResources": { "objectSelector": { "matchExpressions": [ { "key": "skip", "operator": "DoesNotExist" } ] },
                                  "excludeResourceRules": [ { "apiGroups": [""], "apiVersions": ["v1"], "operations": ["UPDATE"], "resources": ["configmaps"] } ] }
            """));

        cluster.Create(BuiltinResources.ConfigMaps, ConfigMap("broken", "x"));
        cluster.Create(BuiltinResources.ConfigMaps, """{ "apiVersion": "v1", "kind": "ConfigMap", "metadata": { "name": "unsized" }, "data": { "other": "9" } }""");
        cluster.Create(BuiltinResources.ConfigMaps, """{ "apiVersion": "v1", "kind": "ConfigMap", "metadata": { "name": "skipped", "labels": { "skip": "yes" } }, "data": { "size": "9" } }""");
        var big = Should.Throw<ApiException>(() => cluster.Create(BuiltinResources.ConfigMaps, ConfigMap("big", "9")));
        var small = cluster.Create(BuiltinResources.ConfigMaps, ConfigMap("small", "1"));
        small["data"]!["size"] = "9";
        cluster.Update(BuiltinResources.ConfigMaps, small);

        big.Message.ShouldBe("configmaps \"big\" is forbidden: ValidatingAdmissionPolicy 'limit' with binding 'limit-binding' denied request: failed expression: int(object.data.size) <= 2");
        cluster.Get(BuiltinResources.ConfigMaps, "small")!["data"]!["size"]!.ToString().ShouldBe("9");
    }

    [Fact]
    public async Task Params_chosen_by_a_selector_are_each_checked_and_the_request_names_the_user()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.ConfigMaps, """{ "apiVersion": "v1", "kind": "ConfigMap", "metadata": { "name": "limit-a", "labels": { "limit": "yes" } }, "data": { "max": "5" } }""");
        cluster.Create(BuiltinResources.ConfigMaps, """{ "apiVersion": "v1", "kind": "ConfigMap", "metadata": { "name": "limit-b", "labels": { "limit": "yes" } }, "data": { "max": "3" } }""");
        cluster.Create(BuiltinResources.ValidatingAdmissionPolicies, Policy("""
            { "expression": "!has(object.data) || !('size' in object.data) || int(object.data.size) <= int(params.data.max)",
              "messageExpression": "request.userInfo.username + ' may not exceed ' + params.metadata.name" }
            """, extra: """ "paramKind": { "apiVersion": "v1", "kind": "ConfigMap" }, """));
        cluster.Create(BuiltinResources.ValidatingAdmissionPolicyBindings, Binding(extra: """
            , "paramRef": { "selector": { "matchLabels": { "limit": "yes" } }, "parameterNotFoundAction": "Deny" }
            """));

        cluster.Create(BuiltinResources.ConfigMaps, ConfigMap("fits", "3"));
        var error = Should.Throw<ApiException>(() => cluster.Create(BuiltinResources.ConfigMaps, ConfigMap("between", "4")));

        error.Message.ShouldBe("configmaps \"between\" is forbidden: ValidatingAdmissionPolicy 'limit' with binding 'limit-binding' denied request: system:apiserver may not exceed limit-b");
    }

    [Fact]
    public async Task Bindings_and_policies_are_validated_with_the_apiservers_messages()
    {
        await using var cluster = await TestCluster.StartAsync();
        var binding = Should.Throw<ApiException>(() => cluster.Create(BuiltinResources.ValidatingAdmissionPolicyBindings, """
            { "apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingAdmissionPolicyBinding", "metadata": { "name": "b" },
              "spec": { "policyName": "p", "validationActions": ["Deny", "Warn"], "paramRef": { "name": "x", "selector": {} } } }
            """));
        var policy = Should.Throw<ApiException>(() => cluster.Create(BuiltinResources.ValidatingAdmissionPolicies, """
            { "apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingAdmissionPolicy", "metadata": { "name": "p" },
              "spec": { "failurePolicy": "Sometimes", "matchConstraints": { "resourceRules": [] }, "validations": [ { "expression": "true", "reason": "Teapot" } ] } }
            """));

        binding.Code.ShouldBe(422);
        binding.Message.ShouldBe("ValidatingAdmissionPolicyBinding.admissionregistration.k8s.io \"b\" is invalid: [" +
            "spec.paramRef.name: Forbidden: name and selector are mutually exclusive, " +
            "spec.paramRef.selector: Forbidden: name and selector are mutually exclusive, " +
            "spec.paramRef.parameterNotFoundAction: Required value, " +
            "spec.validationActions: Invalid value: []string{\"Deny\", \"Warn\"}: must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)]");
        policy.Message.ShouldBe("ValidatingAdmissionPolicy.admissionregistration.k8s.io \"p\" is invalid: [" +
            "spec.failurePolicy: Unsupported value: \"Sometimes\": supported values: \"Fail\", \"Ignore\", " +
            "spec.matchConstraints.resourceRules: Required value, " +
            "spec.validations[0].reason: Unsupported value: \"Teapot\": supported values: \"Forbidden\", \"Invalid\", \"RequestEntityTooLarge\", \"Unauthorized\"]");
    }
    /// <summary>A CRD in example.com/v1 whose spec has one string field.</summary>
    private static string Crd(string plural, string kind, string scope, string field) => $$"""
        { "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": { "name": "{{plural}}.example.com" },
          "spec": { "group": "example.com", "scope": "{{scope}}", "names": { "plural": "{{plural}}", "singular": "{{kind.ToLowerInvariant()}}", "kind": "{{kind}}" },
            "versions": [ { "name": "v1", "served": true, "storage": true, "schema": { "openAPIV3Schema": { "type": "object", "properties": {
              "spec": { "type": "object", "properties": { "{{field}}": { "type": "string" } } } } } } } ] } }
        """;

    [Fact]
    public async Task A_policy_compares_a_quantity_with_its_params_limit_exactly()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.CustomResourceDefinitions, Crd("boxes", "Box", "Namespaced", "cpu"));
        cluster.Create(BuiltinResources.CustomResourceDefinitions, Crd("plans", "Plan", "Cluster", "max"));
        var boxes = cluster.Api.Registry.Find("example.com", "v1", "boxes").ShouldNotBeNull();
        var plans = cluster.Api.Registry.Find("example.com", "v1", "plans").ShouldNotBeNull();
        cluster.Create(plans, """{ "apiVersion": "example.com/v1", "kind": "Plan", "metadata": { "name": "small" }, "spec": { "max": "500m" } }""");
        cluster.Create(BuiltinResources.ValidatingAdmissionPolicies, Policy("""
            { "expression": "!quantity(object.spec.cpu).isGreaterThan(quantity(params.spec.max))",
              "messageExpression": "'cpu ' + object.spec.cpu + ' exceeds plan ' + params.metadata.name + ' (' + params.spec.max + ')'", "reason": "Forbidden" }
            """, extra: """ "paramKind": { "apiVersion": "example.com/v1", "kind": "Plan" }, """)
            .Replace("""[""], "apiVersions": ["v1"]""", """["example.com"], "apiVersions": ["v1"]""", StringComparison.Ordinal)
            .Replace("\"configmaps\"", "\"boxes\"", StringComparison.Ordinal));
        cluster.Create(BuiltinResources.ValidatingAdmissionPolicyBindings, Binding(extra: """, "paramRef": { "name": "small", "parameterNotFoundAction": "Deny" }"""));
        static string Box(string name, string cpu) =>
            $$"""{ "apiVersion": "example.com/v1", "kind": "Box", "metadata": { "name": "{{name}}" }, "spec": { "cpu": "{{cpu}}" } }""";

        cluster.Create(boxes, Box("half", "0.5"));
        var over = Should.Throw<ApiException>(() => cluster.Create(boxes, Box("over", "501m")));
        var whole = Should.Throw<ApiException>(() => cluster.Create(boxes, Box("whole", "1")));

        over.Code.ShouldBe(403);
        over.Message.ShouldBe("boxes.example.com \"over\" is forbidden: ValidatingAdmissionPolicy 'limit' with binding 'limit-binding' denied request: cpu 501m exceeds plan small (500m)");
        whole.Message.ShouldEndWith("denied request: cpu 1 exceeds plan small (500m)");
        cluster.Get(boxes, "half").ShouldNotBeNull();
    }

    [Fact]
    public async Task A_delete_is_checked_with_the_stored_object_as_oldObject_and_no_object()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.ConfigMaps, ConfigMap("keep", "1"));
        cluster.Create(BuiltinResources.ConfigMaps, ConfigMap("drop", "1"));
        cluster.Create(BuiltinResources.ValidatingAdmissionPolicies, Policy("""
            { "expression": "object == null && oldObject.metadata.name != 'keep' && request.operation == 'DELETE'", "message": "kept", "reason": "Forbidden" }
            """).Replace("\"CREATE\", \"UPDATE\"", "\"DELETE\"", StringComparison.Ordinal));
        cluster.Create(BuiltinResources.ValidatingAdmissionPolicyBindings, Binding());

        var refused = Should.Throw<ApiException>(() => cluster.Delete(BuiltinResources.ConfigMaps, "keep"));
        cluster.Delete(BuiltinResources.ConfigMaps, "drop");

        refused.Message.ShouldBe("configmaps \"keep\" is forbidden: ValidatingAdmissionPolicy 'limit' with binding 'limit-binding' denied request: kept");
        cluster.Get(BuiltinResources.ConfigMaps, "keep").ShouldNotBeNull();
        cluster.Get(BuiltinResources.ConfigMaps, "drop").ShouldBeNull();
    }

    [Fact]
    public async Task A_scale_write_is_shown_as_the_autoscaling_Scale_of_the_new_and_the_old_parent()
    {
        await using var cluster = await TestCluster.StartAsync();
        cluster.Create(BuiltinResources.ValidatingAdmissionPolicies, """
            { "apiVersion": "admissionregistration.k8s.io/v1", "kind": "ValidatingAdmissionPolicy", "metadata": { "name": "limit" },
              "spec": { "matchConstraints": { "resourceRules": [ { "apiGroups": ["apps"], "apiVersions": ["v1"], "operations": ["UPDATE"], "resources": ["deployments/scale"] } ] },
                "validations": [ { "expression": "object.spec.replicas <= 3",
                  "messageExpression": "request.kind.group + '/' + request.kind.version + ' ' + object.kind + ' of ' + request.resource.resource + '/' + request.subResource + ' from ' + string(oldObject.spec.replicas) + ' to ' + string(object.spec.replicas) + (has(object.spec.template) ? ' with a template' : '')",
                  "reason": "Forbidden" } ] } }
            """);
        cluster.Create(BuiltinResources.ValidatingAdmissionPolicyBindings, Binding());
        cluster.Create(BuiltinResources.Deployments, TestCluster.Deployment("web", "nginx", replicas: 2));
        var scale = cluster.Api.GetScale(BuiltinResources.Deployments, "default", "web");

        // The deployment controller writes the Deployment's status meanwhile: the writes go without a resourceVersion
        // (unconditional, as kubectl scale sends them), or they would race it with a conflict.
        scale["metadata"]!.AsObject().Remove("resourceVersion");
        scale["spec"]!["replicas"] = 3;
        cluster.Api.UpdateScale(BuiltinResources.Deployments, "default", "web", scale.DeepClone().AsObject(), new WriteOptions("test"));
        scale = cluster.Api.GetScale(BuiltinResources.Deployments, "default", "web");
        scale["metadata"]!.AsObject().Remove("resourceVersion");
        scale["spec"]!["replicas"] = 4;
        var refused = Should.Throw<ApiException>(() => cluster.Api.UpdateScale(BuiltinResources.Deployments, "default", "web", scale, new WriteOptions("test")));
        // The policy matches only the subresource: the Deployment itself may grow.
        var deployment = cluster.Get(BuiltinResources.Deployments, "web")!;
        deployment["metadata"]!.AsObject().Remove("resourceVersion");
        deployment["spec"]!["replicas"] = 5;
        cluster.Update(BuiltinResources.Deployments, deployment);

        refused.Message.ShouldBe("deployments.apps \"web\" is forbidden: ValidatingAdmissionPolicy 'limit' with binding 'limit-binding' denied request: autoscaling/v1 Scale of deployments/scale from 3 to 4");
        cluster.Get(BuiltinResources.Deployments, "web")!["spec"]!["replicas"]!.GetValue<int>().ShouldBe(5);
    }
}
