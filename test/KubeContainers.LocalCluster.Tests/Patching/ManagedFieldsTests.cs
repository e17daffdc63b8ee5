using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Patching;

namespace KubeContainers.LocalCluster.Tests.Patching;

/// <summary>
/// Expected FieldsV1 follow what a real apiserver stores for these writes (kubectl create / edit /
/// replace, kubelet status updates): "." marks objects, lists and elements the write created, except
/// structs the Go zero value already has (spec, template, metadata).
/// </summary>
public sealed class ManagedFieldsTests
{
    private static readonly DateTimeOffset T1 = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = T1.AddHours(1);

    private const string ConfigMap = """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","namespace":"default","uid":"u1","resourceVersion":"1","labels":{"app":"web"}},"data":{"key":"v"}}
        """;

    [Fact]
    public void Create_owns_every_field_with_dots_on_created_maps()
    {
        var created = JsonAssert.Object(ConfigMap);

        ManagedFields.RecordUpdate(null, created, "kubectl-create", "Update", null, T1);

        created["metadata"]!["managedFields"].ShouldBeJson("""
            [{"manager":"kubectl-create","operation":"Update","apiVersion":"v1","time":"2025-01-02T03:04:05Z","fieldsType":"FieldsV1",
              "fieldsV1":{"f:data":{".":{},"f:key":{}},"f:metadata":{"f:labels":{".":{},"f:app":{}}}}}]
            """);
    }

    [Fact]
    public void Create_of_a_deployment_matches_the_apiserver_encoding()
    {
        var created = JsonAssert.Object("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web"},"finalizers":["example.com/foo"]},
             "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%"}},
                     "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx","resources":{},
                                 "ports":[{"containerPort":80,"protocol":"TCP"}]}]}}}}
            """);

        ManagedFields.RecordUpdate(null, created, "kubectl-create", "Update", null, T1);

        created["metadata"]!["managedFields"]![0]!["fieldsV1"].ShouldBeJson("""
            {"f:metadata":{"f:finalizers":{".":{},"v:\"example.com/foo\"":{}},"f:labels":{".":{},"f:app":{}}},
             "f:spec":{"f:replicas":{},"f:selector":{},"f:strategy":{"f:rollingUpdate":{".":{},"f:maxSurge":{}},"f:type":{}},
                       "f:template":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},
                                     "f:spec":{"f:containers":{"k:{\"name\":\"web\"}":{".":{},"f:image":{},"f:name":{},
                                                 "f:ports":{".":{},"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{},"f:protocol":{}}},
                                                 "f:resources":{}}}}}}}
            """);
    }

    [Fact]
    public void Update_moves_changed_fields_to_the_writer()
    {
        var created = JsonAssert.Object(ConfigMap);
        ManagedFields.RecordUpdate(null, created, "kubectl-create", "Update", null, T1);
        var edited = (JsonObject)created.DeepClone();
        edited["data"]!["key"] = "w";
        edited["data"]!["other"] = "x";

        ManagedFields.RecordUpdate(created, edited, "kubectl-edit", "Update", null, T2);

        edited["metadata"]!["managedFields"].ShouldBeJson("""
            [{"manager":"kubectl-create","operation":"Update","apiVersion":"v1","time":"2025-01-02T03:04:05Z","fieldsType":"FieldsV1",
              "fieldsV1":{"f:data":{},"f:metadata":{"f:labels":{".":{},"f:app":{}}}}},
             {"manager":"kubectl-edit","operation":"Update","apiVersion":"v1","time":"2025-01-02T04:04:05Z","fieldsType":"FieldsV1",
              "fieldsV1":{"f:data":{"f:key":{},"f:other":{}}}}]
            """);
    }

    [Fact]
    public void Removed_fields_leave_every_manager_and_empty_entries_are_dropped()
    {
        var created = JsonAssert.Object(ConfigMap);
        ManagedFields.RecordUpdate(null, created, "kubectl-create", "Update", null, T1);
        var replaced = JsonAssert.Object("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","namespace":"default"},"binaryData":{"x":"eA=="}}""");
        replaced["metadata"]!["managedFields"] = created["metadata"]!["managedFields"]!.DeepClone();

        ManagedFields.RecordUpdate(created, replaced, "kubectl-replace", "Update", null, T2);

        replaced["metadata"]!["managedFields"].ShouldBeJson("""
            [{"manager":"kubectl-replace","operation":"Update","apiVersion":"v1","time":"2025-01-02T04:04:05Z","fieldsType":"FieldsV1",
              "fieldsV1":{"f:binaryData":{".":{},"f:x":{}}}}]
            """);
    }

    [Fact]
    public void A_write_that_changes_nothing_adds_no_entry_and_keeps_times()
    {
        var created = JsonAssert.Object(ConfigMap);
        ManagedFields.RecordUpdate(null, created, "kubectl-create", "Update", null, T1);
        var same = (JsonObject)created.DeepClone();

        ManagedFields.RecordUpdate(created, same, "other", "Update", null, T2);

        same["metadata"]!["managedFields"].ShouldBeJson(created["metadata"]!["managedFields"]!.ToJsonString());
    }

    [Fact]
    public void Repeated_writes_by_one_manager_accumulate_in_one_entry()
    {
        var created = JsonAssert.Object(ConfigMap);
        ManagedFields.RecordUpdate(null, created, "controller", "Update", null, T1);
        var updated = (JsonObject)created.DeepClone();
        updated["data"]!["more"] = "y";

        ManagedFields.RecordUpdate(created, updated, "controller", "Update", null, T2);

        updated["metadata"]!["managedFields"].ShouldBeJson("""
            [{"manager":"controller","operation":"Update","apiVersion":"v1","time":"2025-01-02T04:04:05Z","fieldsType":"FieldsV1",
              "fieldsV1":{"f:data":{".":{},"f:key":{},"f:more":{}},"f:metadata":{"f:labels":{".":{},"f:app":{}}}}}]
            """);
    }

    [Fact]
    public void Status_writes_are_recorded_with_their_subresource()
    {
        var pod = JsonAssert.Object("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i"}]}}""");
        ManagedFields.RecordUpdate(null, pod, "kubectl-run", "Update", null, T1);
        var running = (JsonObject)pod.DeepClone();
        running["status"] = JsonNode.Parse("""{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}""");

        ManagedFields.RecordUpdate(pod, running, "kubelet", "Update", "status", T2);

        running["metadata"]!["managedFields"]![1].ShouldBeJson("""
            {"manager":"kubelet","operation":"Update","apiVersion":"v1","time":"2025-01-02T04:04:05Z","fieldsType":"FieldsV1",
             "fieldsV1":{"f:status":{"f:conditions":{".":{},"k:{\"type\":\"Ready\"}":{".":{},"f:status":{},"f:type":{}}},"f:phase":{}}},
             "subresource":"status"}
            """);
    }

    [Fact]
    public void Custom_resource_lists_are_atomic_unless_the_hook_names_keys()
    {
        const string widget = """{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"ports":[{"name":"a","port":1}],"tags":["x"]}}""";
        var atomic = JsonAssert.Object(widget);
        var keyed = JsonAssert.Object(widget);

        ManagedFields.RecordUpdate(null, atomic, "m", "Update", null, T1);
        ManagedFields.RecordUpdate(null, keyed, "m", "Update", null, T1, path => path switch
        {
            "spec.ports" => ["name"],
            "spec.tags" => [],
            _ => null,
        });

        // A custom resource's zero value is empty, so spec itself gets a "." too.
        atomic["metadata"]!["managedFields"]![0]!["fieldsV1"].ShouldBeJson("""{"f:spec":{".":{},"f:ports":{},"f:tags":{}}}""");
        keyed["metadata"]!["managedFields"]![0]!["fieldsV1"].ShouldBeJson("""
            {"f:spec":{".":{},"f:ports":{".":{},"k:{\"name\":\"a\"}":{".":{},"f:name":{},"f:port":{}}},"f:tags":{".":{},"v:\"x\"":{}}}}
            """);
    }
}
