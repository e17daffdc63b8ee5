using KubeContainers.LocalCluster.Patching;

namespace KubeContainers.LocalCluster.Tests.Patching;

/// <summary>
/// Expected results follow apimachinery's strategicpatch (patch.go: mergeMap, mergeSlice,
/// normalizeElementOrder). The kubectl patches are written the way kubectl 1.32 builds them:
/// <c>kubectl apply</c> sends CreateThreeWayMergePatch(last-applied, new config, live), which carries the new
/// last-applied-configuration annotation, only changed fields of list elements plus their merge key,
/// <c>$setElementOrder/&lt;list&gt;</c> for every merged list it touches, <c>{"$patch":"delete",key}</c> elements
/// for removed map elements, <c>$deleteFromPrimitiveList/&lt;list&gt;</c> for removed scalars and
/// <c>$retainKeys</c> for retainKeys fields; <c>kubectl set image</c>, <c>rollout restart</c>, <c>cordon</c> and
/// <c>patch</c> (default type strategic) send two-way patches without ordering directives.
/// </summary>
[ClusterTest]
public sealed class StrategicMergePatchTests
{
    private const string Deployment = """
        {
          "apiVersion": "apps/v1", "kind": "Deployment",
          "metadata": {
            "name": "web", "namespace": "default", "finalizers": ["example.com/foo", "example.com/bar"],
            "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{\"old\":true}\n"}
          },
          "spec": {
            "replicas": 1,
            "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
            "template": {
              "metadata": {"labels": {"app": "web"}},
              "spec": {
                "containers": [
                  {"name": "web", "image": "nginx:1.25", "args": ["a"],
                   "ports": [{"containerPort": 80, "protocol": "TCP"}],
                   "env": [{"name": "FOO", "value": "1"}, {"name": "BAR", "value": "2"}],
                   "volumeMounts": [{"name": "data", "mountPath": "/data"}]},
                  {"name": "sidecar", "image": "busybox"}
                ]
              }
            }
          }
        }
        """;

    [Fact]
    public void Kubectl_apply_changes_a_container_image_by_name()
    {
        // kubectl apply after editing the image of container "web" in the manifest.
        var patch = """
            {"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"new\":true}\n"}},
             "spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"web"},{"name":"sidecar"}],
                                          "containers":[{"image":"nginx:1.26","name":"web"}]}}}}
            """;

        var result = Apply(Deployment, patch);

        result["spec"]!["template"]!["spec"]!["containers"].ShouldBeJson("""
            [{"name": "web", "image": "nginx:1.26", "args": ["a"],
              "ports": [{"containerPort": 80, "protocol": "TCP"}],
              "env": [{"name": "FOO", "value": "1"}, {"name": "BAR", "value": "2"}],
              "volumeMounts": [{"name": "data", "mountPath": "/data"}]},
             {"name": "sidecar", "image": "busybox"}]
            """);
        result["metadata"]!["annotations"].ShouldBeJson("""{"kubectl.kubernetes.io/last-applied-configuration":"{\"new\":true}\n"}""");
    }

    [Fact]
    public void Kubectl_apply_deletes_an_env_var_with_a_delete_directive()
    {
        // kubectl apply after removing env FOO from container "web".
        var patch = """
            {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"web"},{"name":"sidecar"}],
              "containers":[{"$setElementOrder/env":[{"name":"BAR"}],"env":[{"$patch":"delete","name":"FOO"}],"name":"web"}]}}}}
            """;

        var result = Apply(Deployment, patch);

        result["spec"]!["template"]!["spec"]!["containers"]![0]!["env"].ShouldBeJson("""[{"name": "BAR", "value": "2"}]""");
    }

    [Fact]
    public void Kubectl_apply_removes_a_finalizer_with_delete_from_primitive_list()
    {
        // kubectl apply after removing example.com/foo from metadata.finalizers (deletions alone carry no $setElementOrder).
        var patch = """{"metadata":{"$deleteFromPrimitiveList/finalizers":["example.com/foo"]}}""";

        Apply(Deployment, patch)["metadata"]!["finalizers"].ShouldBeJson("""["example.com/bar"]""");
    }

    [Fact]
    public void Removing_the_last_finalizer_drops_the_field()
    {
        var patch = """{"metadata":{"$deleteFromPrimitiveList/finalizers":["example.com/foo","example.com/bar"]}}""";

        Apply(Deployment, patch)["metadata"]!.AsObject().ContainsKey("finalizers").ShouldBeFalse();
    }

    [Fact]
    public void Kubectl_apply_switching_to_recreate_clears_rolling_update_with_retain_keys()
    {
        // kubectl apply after changing spec.strategy to {type: Recreate}; rollingUpdate was defaulted by the server.
        var patch = """{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}""";

        Apply(Deployment, patch)["spec"]!["strategy"].ShouldBeJson("""{"type":"Recreate"}""");
    }

    [Fact]
    public void Retain_keys_must_list_every_patched_field()
    {
        var patch = """{"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":{"maxSurge":1}}}}""";

        Should.Throw<PatchException>(() => Apply(Deployment, patch)).Message.ShouldBe("invalid patch format of retainKeys");
    }

    [Theory]
    // kubectl set image deployment/web web=nginx:1.26: the patched element keeps its place.
    [InlineData("""{"spec":{"template":{"spec":{"containers":[{"image":"nginx:1.26","name":"web"}]}}}}""", """["web:nginx:1.26","sidecar:busybox"]""")]
    [InlineData("""{"spec":{"template":{"spec":{"containers":[{"image":"busybox:2","name":"sidecar"}]}}}}""", """["web:nginx:1.25","sidecar:busybox:2"]""")]
    // kubectl patch adding a container without $setElementOrder: upstream puts new elements first.
    [InlineData("""{"spec":{"template":{"spec":{"containers":[{"image":"fluentd","name":"logger"}]}}}}""", """["logger:fluentd","web:nginx:1.25","sidecar:busybox"]""")]
    // kubectl apply adding a container: $setElementOrder places it where the manifest has it.
    [InlineData("""{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"web"},{"name":"logger"},{"name":"sidecar"}],"containers":[{"image":"fluentd","name":"logger"}]}}}}""", """["web:nginx:1.25","logger:fluentd","sidecar:busybox"]""")]
    // kubectl apply reordering containers only.
    [InlineData("""{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"sidecar"},{"name":"web"}]}}}}""", """["sidecar:busybox","web:nginx:1.25"]""")]
    // kubectl apply removing container sidecar.
    [InlineData("""{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"web"}],"containers":[{"$patch":"delete","name":"sidecar"}]}}}}""", """["web:nginx:1.25"]""")]
    // $patch: replace as a list element replaces the whole list.
    [InlineData("""{"spec":{"template":{"spec":{"containers":[{"$patch":"replace"},{"name":"only","image":"x"}]}}}}""", """["only:x"]""")]
    public void Merges_containers_by_name(string patch, string expectedNameImages)
    {
        var containers = Apply(Deployment, patch)["spec"]!["template"]!["spec"]!["containers"]!.AsArray();

        containers.Select(c => $"{c!["name"]}:{c["image"]}").ShouldBe(System.Text.Json.JsonSerializer.Deserialize<string[]>(expectedNameImages)!);
    }

    [Theory]
    // kubectl rollout restart deployment/web.
    [InlineData("""{"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"2025-01-01T00:00:00Z"}}}}}""",
        "/spec/template/metadata", """{"labels":{"app":"web"},"annotations":{"kubectl.kubernetes.io/restartedAt":"2025-01-01T00:00:00Z"}}""")]
    // kubectl scale is a subresource; kubectl patch -p '{"spec":{"replicas":3}}' is a plain field merge.
    [InlineData("""{"spec":{"replicas":3}}""", "/spec/replicas", "3")]
    [InlineData("""{"spec":{"replicas":null}}""", "/spec", """{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx:1.25","args":["a"],"ports":[{"containerPort":80,"protocol":"TCP"}],"env":[{"name":"FOO","value":"1"},{"name":"BAR","value":"2"}],"volumeMounts":[{"name":"data","mountPath":"/data"}]},{"name":"sidecar","image":"busybox"}]}}}""")]
    // Lists without a patch strategy (args) are replaced.
    [InlineData("""{"spec":{"template":{"spec":{"containers":[{"name":"web","args":["b","c"]}]}}}}""", "/spec/template/spec/containers/0/args", """["b","c"]""")]
    // env merges by name, ports by containerPort, volumeMounts by mountPath.
    [InlineData("""{"spec":{"template":{"spec":{"containers":[{"name":"web","env":[{"name":"BAR","value":"3"}]}]}}}}""", "/spec/template/spec/containers/0/env", """[{"name":"FOO","value":"1"},{"name":"BAR","value":"3"}]""")]
    [InlineData("""{"spec":{"template":{"spec":{"containers":[{"name":"web","ports":[{"containerPort":80,"name":"http"}]}]}}}}""", "/spec/template/spec/containers/0/ports", """[{"containerPort":80,"protocol":"TCP","name":"http"}]""")]
    [InlineData("""{"spec":{"template":{"spec":{"containers":[{"name":"web","volumeMounts":[{"mountPath":"/data","readOnly":true}]}]}}}}""", "/spec/template/spec/containers/0/volumeMounts", """[{"name":"data","mountPath":"/data","readOnly":true}]""")]
    // A null inside a merged element deletes that element's field.
    [InlineData("""{"spec":{"template":{"spec":{"containers":[{"name":"web","args":null}]}}}}""", "/spec/template/spec/containers/0", """{"name":"web","image":"nginx:1.25","ports":[{"containerPort":80,"protocol":"TCP"}],"env":[{"name":"FOO","value":"1"},{"name":"BAR","value":"2"}],"volumeMounts":[{"name":"data","mountPath":"/data"}]}""")]
    // kubectl apply reordering env without changing it.
    [InlineData("""{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"web"},{"name":"sidecar"}],"containers":[{"$setElementOrder/env":[{"name":"BAR"},{"name":"FOO"}],"name":"web"}]}}}}""", "/spec/template/spec/containers/0/env", """[{"name":"BAR","value":"2"},{"name":"FOO","value":"1"}]""")]
    // Adding a finalizer with kubectl patch: scalars merge as a set; a new value goes first, and live values
    // keep their live order where patch and live order disagree (foo stays before bar).
    [InlineData("""{"metadata":{"finalizers":["example.com/new","example.com/bar"]}}""", "/metadata/finalizers", """["example.com/new","example.com/foo","example.com/bar"]""")]
    [InlineData("""{"metadata":{"$setElementOrder/finalizers":["example.com/foo","example.com/new","example.com/bar"],"finalizers":["example.com/new"]}}""", "/metadata/finalizers", """["example.com/foo","example.com/new","example.com/bar"]""")]
    // $patch: replace / delete / merge in a map.
    [InlineData("""{"spec":{"template":{"metadata":{"labels":{"$patch":"replace","tier":"web"}}}}}""", "/spec/template/metadata/labels", """{"tier":"web"}""")]
    [InlineData("""{"spec":{"strategy":{"$patch":"delete"}}}""", "/spec/strategy", "{}")]
    [InlineData("""{"spec":{"template":{"metadata":{"labels":{"$patch":"merge","tier":"web"}}}}}""", "/spec/template/metadata/labels", """{"app":"web","tier":"web"}""")]
    public void Merges_deployment_fields(string patch, string pointer, string expected)
    {
        Resolve(Apply(Deployment, patch), pointer).ShouldBeJson(expected);
    }

    [Theory]
    // Service ports merge by port (the patchMergeKey), whatever their protocol.
    [InlineData("v1", "Service",
        """{"spec":{"selector":{"app":"web"},"ports":[{"name":"http","port":80,"targetPort":8080,"protocol":"TCP"},{"name":"https","port":443}]}}""",
        """{"spec":{"ports":[{"port":80,"targetPort":9090}]}}""",
        """{"spec":{"selector":{"app":"web"},"ports":[{"name":"http","port":80,"targetPort":9090,"protocol":"TCP"},{"name":"https","port":443}]}}""")]
    // kubectl cordon node-1.
    [InlineData("v1", "Node", """{"spec":{"podCIDR":"10.0.0.0/24"}}""", """{"spec":{"unschedulable":true}}""", """{"spec":{"podCIDR":"10.0.0.0/24","unschedulable":true}}""")]
    // Node status conditions and addresses merge by type (kubelet status patches).
    [InlineData("v1", "Node",
        """{"status":{"conditions":[{"type":"MemoryPressure","status":"False"},{"type":"Ready","status":"False"}],"addresses":[{"type":"InternalIP","address":"10.0.0.1"}]}}""",
        """{"status":{"conditions":[{"type":"Ready","status":"True","reason":"KubeletReady"}],"addresses":[{"type":"Hostname","address":"node-1"}]}}""",
        """{"status":{"conditions":[{"type":"MemoryPressure","status":"False"},{"type":"Ready","status":"True","reason":"KubeletReady"}],"addresses":[{"type":"Hostname","address":"node-1"},{"type":"InternalIP","address":"10.0.0.1"}]}}""")]
    // Pod: containers, volumes and status conditions.
    [InlineData("v1", "Pod",
        """{"spec":{"containers":[{"name":"c","image":"a"}],"volumes":[{"name":"v","emptyDir":{}}],"tolerations":[{"key":"a"}]},"status":{"conditions":[{"type":"Ready","status":"False"}]}}""",
        """{"spec":{"containers":[{"name":"c","image":"b"}],"volumes":[{"name":"v","$retainKeys":["name","configMap"],"configMap":{"name":"cm"}}],"tolerations":[{"key":"b"}]},"status":{"conditions":[{"type":"Ready","status":"True"}]}}""",
        """{"spec":{"containers":[{"name":"c","image":"b"}],"volumes":[{"name":"v","configMap":{"name":"cm"}}],"tolerations":[{"key":"b"}]},"status":{"conditions":[{"type":"Ready","status":"True"}]}}""")]
    // Owner references merge by uid.
    [InlineData("v1", "ConfigMap",
        """{"metadata":{"ownerReferences":[{"uid":"1","name":"a","kind":"Deployment"}]},"data":{"k":"v"}}""",
        """{"metadata":{"ownerReferences":[{"uid":"2","name":"b","kind":"Deployment"}]},"data":{"k":null,"n":"m"}}""",
        """{"metadata":{"ownerReferences":[{"uid":"2","name":"b","kind":"Deployment"},{"uid":"1","name":"a","kind":"Deployment"}]},"data":{"n":"m"}}""")]
    // Job and CronJob pod templates.
    [InlineData("batch/v1", "Job",
        """{"spec":{"template":{"spec":{"containers":[{"name":"a","image":"x"},{"name":"b","image":"y"}]}}}}""",
        """{"spec":{"template":{"spec":{"containers":[{"name":"b","image":"z"}]}}}}""",
        """{"spec":{"template":{"spec":{"containers":[{"name":"a","image":"x"},{"name":"b","image":"z"}]}}}}""")]
    [InlineData("batch/v1", "CronJob",
        """{"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"a","image":"x"},{"name":"b","image":"y"}]}}}}}}""",
        """{"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"a","image":"w"}]}}}}}}""",
        """{"spec":{"jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"a","image":"w"},{"name":"b","image":"y"}]}}}}}}""")]
    // A list without a strategy in a kind without entries (Ingress rules) is replaced.
    [InlineData("networking.k8s.io/v1", "Ingress", """{"spec":{"rules":[{"host":"a"}]}}""", """{"spec":{"rules":[{"host":"b"}]}}""", """{"spec":{"rules":[{"host":"b"}]}}""")]
    public void Merges_lists_of_built_in_kinds(string apiVersion, string kind, string original, string patch, string expected)
    {
        StrategicMergePatch.Apply(JsonAssert.Object(original), JsonAssert.Object(patch), apiVersion, kind).ShouldBeJson(expected);
    }

    [Theory]
    [InlineData("v1", "Pod", true)]
    [InlineData("apps/v1", "Deployment", true)]
    [InlineData("networking.k8s.io/v1", "NetworkPolicy", true)]
    [InlineData("coordination.k8s.io/v1", "Lease", true)]
    [InlineData("example.com/v1", "Widget", false)]
    [InlineData("v1", "Widget", false)]
    [InlineData("example.com/v1", "Deployment", false)]
    public void Supports_only_built_in_kinds(string apiVersion, string kind, bool supported)
    {
        StrategicMergePatch.Supports(apiVersion, kind).ShouldBe(supported);
    }

    [Theory]
    [InlineData("""{"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}}""", """map: {"image":"x"} does not contain declared merge key: name""")]
    [InlineData("""{"spec":{"template":{"spec":{"containers":[{"$patch":"delete"}]}}}}""", """map: {"$patch":"delete"} does not contain declared merge key: name""")]
    [InlineData("""{"spec":{"strategy":{"$patch":"explode"}}}""", """unknown patch type: "explode" in map: {"$patch":"explode"}""")]
    [InlineData("""{"spec":{"template":{"spec":{"containers":[{"$patch":"merge"}]}}}}""", "merging lists cannot yet be specified in the patch")]
    [InlineData("""{"metadata":{"finalizers":[{"a":1}]}}""", "list element types are not identical: metadata.finalizers")]
    [InlineData("""{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"sidecar"}],"containers":[{"name":"web","image":"x"}]}}}}""",
        "The order in patch list:\n[{\"name\":\"web\",\"image\":\"x\"}]\n doesn't match $setElementOrder/ list:\n[{\"name\":\"sidecar\"}]")]
    public void Rejects_malformed_patches(string patch, string message)
    {
        Should.Throw<PatchException>(() => Apply(Deployment, patch)).Message.ShouldBe(message);
    }

    [Fact]
    public void Rejects_custom_resources()
    {
        Should.Throw<PatchException>(() => StrategicMergePatch.Apply(JsonAssert.Object("{}"), JsonAssert.Object("{}"), "example.com/v1", "Widget"))
            .Message.ShouldBe("strategic merge patch format is not supported");
    }

    [Fact]
    public void Does_not_mutate_inputs()
    {
        var original = JsonAssert.Object(Deployment);
        var patch = JsonAssert.Object("""{"metadata":{"$deleteFromPrimitiveList/finalizers":["example.com/foo"]},"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"},"template":{"spec":{"$setElementOrder/containers":[{"name":"web"}],"containers":[{"$patch":"delete","name":"sidecar"}]}}}}""");
        var patchCopy = patch.DeepClone();

        StrategicMergePatch.Apply(original, patch, "apps/v1", "Deployment");

        original.ShouldBeJson(Deployment);
        patch.ShouldBeJson(patchCopy.ToJsonString());
    }

    private static System.Text.Json.Nodes.JsonObject Apply(string original, string patch) =>
        StrategicMergePatch.Apply(JsonAssert.Object(original), JsonAssert.Object(patch), "apps/v1", "Deployment");

    private static System.Text.Json.Nodes.JsonNode? Resolve(System.Text.Json.Nodes.JsonNode node, string pointer)
    {
        System.Text.Json.Nodes.JsonNode? current = node;
        foreach (var token in pointer[1..].Split('/'))
        {
            current = current is System.Text.Json.Nodes.JsonArray array ? array[int.Parse(token, System.Globalization.CultureInfo.InvariantCulture)] : current![token];
        }

        return current;
    }
}
