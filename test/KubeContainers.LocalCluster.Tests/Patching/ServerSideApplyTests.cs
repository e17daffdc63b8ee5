using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Patching;

namespace KubeContainers.LocalCluster.Tests.Patching;

/// <summary>
/// The applied configurations are what <c>kubectl apply --server-side</c> sends (the manifest as YAML,
/// decoded here to JSON; field manager "kubectl"). Expected managed fields and messages follow
/// structured-merge-diff and the apiserver's conflict wording (managedfields/internal/conflict.go).
/// </summary>
public sealed class ServerSideApplyTests
{
    private static readonly DateTimeOffset T1 = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = T1.AddHours(1);
    private static readonly DateTimeOffset T3 = T1.AddHours(2);

    private const string DeploymentManifest = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default","labels":{"app":"web"}},
         "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
                 "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx:1.25"}]}}}}
        """;

    private static string Manifest(int replicas = 2, string image = "nginx:1.25", string labels = """{"app":"web"}""")
    {
        var manifest = JsonAssert.Object(DeploymentManifest);
        manifest["metadata"]!["labels"] = JsonNode.Parse(labels);
        manifest["spec"]!["replicas"] = replicas;
        manifest["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = image;
        return manifest.ToJsonString();
    }

    [Fact]
    public void Apply_creates_the_object_and_owns_exactly_the_applied_fields()
    {
        var result = ServerSideApply.Apply(null, JsonAssert.Object(Manifest()), "kubectl", false, null, T1);

        result.Conflicts.ShouldBeEmpty();
        result.Message.ShouldBe("");
        var created = result.Object.ShouldNotBeNull();
        created["spec"].ShouldBeJson(JsonAssert.Object(Manifest())["spec"]!.ToJsonString());
        created["metadata"]!["managedFields"].ShouldBeJson("""
            [{"manager":"kubectl","operation":"Apply","apiVersion":"apps/v1","time":"2025-01-02T03:04:05Z","fieldsType":"FieldsV1",
              "fieldsV1":{"f:metadata":{"f:labels":{"f:app":{}}},
                          "f:spec":{"f:replicas":{},"f:selector":{},
                                    "f:template":{"f:metadata":{"f:labels":{"f:app":{}}},
                                                  "f:spec":{"f:containers":{"k:{\"name\":\"web\"}":{".":{},"f:image":{},"f:name":{}}}}}}}}]
            """);
    }

    [Fact]
    public void Changing_a_field_owned_by_client_side_apply_is_a_conflict()
    {
        var live = CreatedByClientSideApply(Manifest(replicas: 1));

        var result = ServerSideApply.Apply(live, JsonAssert.Object(Manifest(replicas: 3)), "kubectl", false, null, T2);

        result.Object.ShouldBeNull();
        result.Message.ShouldBe("""Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas""");
        var conflict = result.Conflicts.ShouldHaveSingleItem();
        conflict.ShouldBe(new ApplyConflict("kubectl-client-side-apply", "Update", "apps/v1", null, ".spec.replicas"));
        conflict.Message.ShouldBe("""conflict with "kubectl-client-side-apply" using apps/v1""");
    }

    [Fact]
    public void Several_conflicts_are_listed_per_manager()
    {
        var live = CreatedByClientSideApply(Manifest(replicas: 1));
        var scaled = ServerSideApply.Apply(live, JsonAssert.Object("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.25"}]}}}}"""), "images", false, null, T2).Object!;
        var moved = (JsonObject)scaled.DeepClone();
        moved["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "nginx:1.27";
        ManagedFields.RecordUpdate(scaled, moved, "kubectl-set", "Update", null, T2);

        var result = ServerSideApply.Apply(moved, JsonAssert.Object(Manifest(replicas: 3, image: "nginx:1.26")), "kubectl", false, null, T3);

        result.Message.ShouldBe("""
            Apply failed with 2 conflicts: conflicts with "kubectl-client-side-apply" using apps/v1:
            - .spec.replicas
            conflicts with "kubectl-set" using apps/v1:
            - .spec.template.spec.containers[name="web"].image
            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Conflicts_name_list_elements_by_key_and_appliers_without_api_version()
    {
        var first = ServerSideApply.Apply(null, JsonAssert.Object(Manifest()), "team-a", false, null, T1).Object;

        var result = ServerSideApply.Apply(first, JsonAssert.Object(Manifest(image: "nginx:1.26")), "team-b", false, null, T2);

        result.Message.ShouldBe("""
            Apply failed with 1 conflict: conflict with "team-a": .spec.template.spec.containers[name="web"].image
            """.Trim());
    }

    [Fact]
    public void Force_takes_ownership_of_the_conflicting_field()
    {
        var live = CreatedByClientSideApply(Manifest(replicas: 1));

        var result = ServerSideApply.Apply(live, JsonAssert.Object(Manifest(replicas: 3)), "kubectl", true, null, T2);

        var applied = result.Object.ShouldNotBeNull();
        applied["spec"]!["replicas"].ShouldBeJson("3");
        var entries = applied["metadata"]!["managedFields"]!.AsArray();
        entries.Select(e => (string?)e!["manager"]).ShouldBe(["kubectl", "kubectl-client-side-apply"]);
        entries[0]!["fieldsV1"]!["f:spec"]!.AsObject().ContainsKey("f:replicas").ShouldBeTrue();
        entries[1]!["fieldsV1"]!["f:spec"]!.AsObject().ContainsKey("f:replicas").ShouldBeFalse();
        // Fields applied with the value they already had are shared, not taken.
        entries[1]!["fieldsV1"]!["f:spec"]!["f:template"]!["f:spec"]!["f:containers"]!["k:{\"name\":\"web\"}"]!.AsObject().ContainsKey("f:image").ShouldBeTrue();
    }

    [Fact]
    public void Fields_the_manager_stops_applying_are_removed()
    {
        var first = ServerSideApply.Apply(null, JsonAssert.Object(Manifest(labels: """{"app":"web","tier":"frontend"}""")), "kubectl", false, null, T1).Object;
        var manifest = JsonAssert.Object(Manifest());
        manifest["spec"]!.AsObject().Remove("replicas");

        var result = ServerSideApply.Apply(first, manifest, "kubectl", false, null, T2).Object.ShouldNotBeNull();

        result["metadata"]!["labels"].ShouldBeJson("""{"app":"web"}""");
        result["spec"]!.AsObject().ContainsKey("replicas").ShouldBeFalse();
        result["metadata"]!["managedFields"]![0]!["fieldsV1"]!["f:spec"]!.AsObject().ContainsKey("f:replicas").ShouldBeFalse();
    }

    [Fact]
    public void Fields_another_manager_also_owns_survive_when_the_manager_stops_applying_them()
    {
        const string tier = """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"tier":"frontend"}}}""";
        var first = ServerSideApply.Apply(null, JsonAssert.Object(Manifest(labels: """{"app":"web","tier":"frontend"}""")), "kubectl", false, null, T1).Object;
        var shared = ServerSideApply.Apply(first, JsonAssert.Object(tier), "labeller", false, null, T2).Object;

        var result = ServerSideApply.Apply(shared, JsonAssert.Object(Manifest()), "kubectl", false, null, T3).Object.ShouldNotBeNull();

        result["metadata"]!["labels"].ShouldBeJson("""{"app":"web","tier":"frontend"}""");
    }

    [Fact]
    public void A_field_taken_over_by_an_update_is_kept_when_the_applier_drops_it()
    {
        var first = ServerSideApply.Apply(null, JsonAssert.Object(Manifest()), "kubectl", false, null, T1).Object!;
        var scaled = (JsonObject)first.DeepClone();
        scaled["spec"]!["replicas"] = 5;
        ManagedFields.RecordUpdate(first, scaled, "hpa", "Update", null, T2);
        var manifest = JsonAssert.Object(Manifest());
        manifest["spec"]!.AsObject().Remove("replicas");

        var result = ServerSideApply.Apply(scaled, manifest, "kubectl", false, null, T3).Object.ShouldNotBeNull();

        result["spec"]!["replicas"].ShouldBeJson("5");
    }

    [Fact]
    public void List_elements_merge_by_key_and_dropped_elements_are_removed()
    {
        var twoContainers = JsonAssert.Object(Manifest());
        twoContainers["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Add(JsonNode.Parse("""{"name":"sidecar","image":"busybox"}"""));
        var first = ServerSideApply.Apply(null, twoContainers, "kubectl", false, null, T1).Object!;
        var injected = ServerSideApply.Apply(first, JsonAssert.Object("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"template":{"spec":{"containers":[{"name":"proxy","image":"envoy"}]}}}}
            """), "injector", false, null, T2).Object!;

        var result = ServerSideApply.Apply(injected, JsonAssert.Object(Manifest(image: "nginx:1.26")), "kubectl", false, null, T3).Object.ShouldNotBeNull();

        result["spec"]!["template"]!["spec"]!["containers"].ShouldBeJson("""
            [{"name":"web","image":"nginx:1.26"},{"name":"proxy","image":"envoy"}]
            """);
    }

    [Fact]
    public void Custom_resource_lists_are_atomic_without_list_map_keys()
    {
        const string a = """{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"items":[{"name":"x","size":1}]}}""";
        const string b = """{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"items":[{"name":"y","size":2}]}}""";
        static string[]? Keys(string path) => path == "spec.items" ? ["name"] : null;

        var atomicLive = ServerSideApply.Apply(null, JsonAssert.Object(a), "a", false, null, T1).Object;
        var atomic = ServerSideApply.Apply(atomicLive, JsonAssert.Object(b), "b", false, null, T2);
        var keyedLive = ServerSideApply.Apply(null, JsonAssert.Object(a), "a", false, null, T1, Keys).Object;
        var keyed = ServerSideApply.Apply(keyedLive, JsonAssert.Object(b), "b", false, null, T2, Keys);

        atomic.Message.ShouldBe("""Apply failed with 1 conflict: conflict with "a": .spec.items""");
        keyed.Object.ShouldNotBeNull()["spec"]!["items"].ShouldBeJson("""[{"name":"x","size":1},{"name":"y","size":2}]""");
    }

    [Fact]
    public void Objects_without_managed_fields_belong_to_before_first_apply()
    {
        var live = JsonAssert.Object(Manifest(replicas: 1));

        var result = ServerSideApply.Apply(live, JsonAssert.Object(Manifest(replicas: 4)), "kubectl", false, null, T1);

        result.Message.ShouldBe("""Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas""");
    }

    [Fact]
    public void A_no_op_apply_keeps_the_timestamp()
    {
        var first = ServerSideApply.Apply(null, JsonAssert.Object(Manifest()), "kubectl", false, null, T1).Object;

        var again = ServerSideApply.Apply(first, JsonAssert.Object(Manifest()), "kubectl", false, null, T2).Object.ShouldNotBeNull();

        again.ShouldBeJson(first!.ToJsonString());
    }

    [Fact]
    public void Status_applies_are_recorded_with_their_subresource()
    {
        var first = ServerSideApply.Apply(null, JsonAssert.Object(Manifest()), "kubectl", false, null, T1).Object;
        var status = JsonAssert.Object("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"status":{"conditions":[{"type":"Available","status":"True"}]}}""");

        var result = ServerSideApply.Apply(first, status, "controller", false, "status", T2).Object.ShouldNotBeNull();

        // Entries sort by operation, then time: the later status apply comes second.
        result["metadata"]!["managedFields"]![1].ShouldBeJson("""
            {"manager":"controller","operation":"Apply","apiVersion":"apps/v1","time":"2025-01-02T04:04:05Z","fieldsType":"FieldsV1",
             "fieldsV1":{"f:status":{"f:conditions":{"k:{\"type\":\"Available\"}":{".":{},"f:status":{},"f:type":{}}}}},"subresource":"status"}
            """);
    }

    [Fact]
    public void Does_not_mutate_inputs()
    {
        var live = CreatedByClientSideApply(Manifest(replicas: 1));
        var liveCopy = live.ToJsonString();
        var applied = JsonAssert.Object(Manifest(replicas: 3, labels: "{}"));
        var appliedCopy = applied.ToJsonString();

        ServerSideApply.Apply(live, applied, "kubectl", true, null, T2);

        live.ShouldBeJson(liveCopy);
        applied.ShouldBeJson(appliedCopy);
    }

    /// <summary>The object as <c>kubectl apply</c> (client-side) creates it: an Update by kubectl-client-side-apply.</summary>
    private static JsonObject CreatedByClientSideApply(string manifest)
    {
        var created = JsonAssert.Object(manifest);
        ManagedFields.RecordUpdate(null, created, "kubectl-client-side-apply", "Update", null, T1);
        return created;
    }
}
