using System.Text;
using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Server;

namespace KubeContainers.LocalCluster.Tests.Server;

/// <summary>The protobuf request-body decoder, on bytes kubectl and helm really sent (<see cref="ProtobufCaptures"/>).</summary>
[ClusterTest]
public sealed class ProtobufBodyTests
{
    private static JsonObject Decode(string base64) => ProtobufBody.Decode(Convert.FromBase64String(base64));

    private static void ShouldBe(JsonObject actual, string expected) =>
        JsonNode.DeepEquals(actual, JsonNode.Parse(expected)).ShouldBeTrue(actual.ToJsonString());

    [Fact]
    public void Namespace_leaves_out_the_empty_fields_go_writes() =>
        ShouldBe(Decode(ProtobufCaptures.KubectlCreateNamespace), """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"ns1"}}""");

    [Fact]
    public void ConfigMap_keeps_an_empty_value() =>
        ShouldBe(Decode(ProtobufCaptures.KubectlCreateConfigMap),
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm1","namespace":"ns1"},"data":{"a":"b","e":""}}""");

    [Fact]
    public void Secret_data_is_base64() =>
        ShouldBe(Decode(ProtobufCaptures.KubectlCreateSecret),
            """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s1","namespace":"ns1"},"data":{"a":"Yg=="}}""");

    [Fact]
    public void Role_keeps_the_core_group_as_an_empty_string() =>
        ShouldBe(Decode(ProtobufCaptures.KubectlCreateRole), """
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"r1","namespace":"ns1"},
             "rules":[{"verbs":["get"],"apiGroups":[""],"resources":["pods"]}]}
            """);

    [Fact]
    public void ClusterRoleBinding_has_subjects_and_role_ref() =>
        ShouldBe(Decode(ProtobufCaptures.KubectlCreateClusterRoleBinding), """
            {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"crb1"},
             "subjects":[{"kind":"ServiceAccount","name":"sa1","namespace":"ns1"}],
             "roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"cr1"}}
            """);

    [Fact]
    public void Deployment_keeps_replicas_zero_because_it_is_a_pointer_and_drops_status() =>
        ShouldBe(Decode(ProtobufCaptures.KubectlCreateDeployment), """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d1","namespace":"ns1","labels":{"app":"d1"}},
             "spec":{"replicas":0,"selector":{"matchLabels":{"app":"d1"}},
               "template":{"metadata":{"labels":{"app":"d1"}},
                 "spec":{"containers":[{"name":"nginx","image":"nginx","ports":[{"containerPort":80}]}]}}}}
            """);

    [Fact]
    public void Job_has_its_command_and_restart_policy()
    {
        var job = Decode(ProtobufCaptures.KubectlCreateJob);
        var pod = job["spec"]!["template"]!["spec"]!;
        pod["restartPolicy"]!.GetValue<string>().ShouldBe("Never");
        JsonNode.DeepEquals(pod["containers"], JsonNode.Parse("""[{"name":"j1","image":"busybox","command":["echo","hi"]}]""")).ShouldBeTrue(pod.ToJsonString());
    }

    [Fact]
    public void Service_target_port_is_an_int_or_string() =>
        ShouldBe(Decode(ProtobufCaptures.KubectlCreateService), """
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"svc1","namespace":"ns1","labels":{"app":"svc1"}},
             "spec":{"ports":[{"name":"80-80","protocol":"TCP","port":80,"targetPort":80}],"selector":{"app":"svc1"},"type":"ClusterIP"}}
            """);

    [Fact]
    public void Ingress_rule_value_is_inlined() =>
        ShouldBe(Decode(ProtobufCaptures.KubectlCreateIngress), """
            {"apiVersion":"networking.k8s.io/v1","kind":"Ingress","metadata":{"name":"i1","namespace":"ns1"},
             "spec":{"rules":[{"host":"foo.com","http":{"paths":[{"path":"/bar","backend":{"service":{"name":"svc1","port":{"number":80}}},"pathType":"Exact"}]}}],
               "ingressClassName":"nginx"}}
            """);

    [Fact]
    public void ResourceQuota_quantities_are_strings() =>
        ShouldBe(Decode(ProtobufCaptures.KubectlCreateQuota),
            """{"apiVersion":"v1","kind":"ResourceQuota","metadata":{"name":"q1","namespace":"ns1"},"spec":{"hard":{"cpu":"1","pods":"2"}}}""");

    [Fact]
    public void Helm_release_secret_has_its_labels_type_and_gzipped_release()
    {
        var secret = Decode(ProtobufCaptures.HelmReleaseSecret);
        secret["metadata"]!["name"]!.GetValue<string>().ShouldBe("sh.helm.release.v1.tiny.v1");
        secret["metadata"]!["labels"]!["owner"]!.GetValue<string>().ShouldBe("helm");
        secret["metadata"]!["labels"]!["status"]!.GetValue<string>().ShouldBe("pending-install");
        secret["type"]!.GetValue<string>().ShouldBe("helm.sh/release.v1");
        // helm stores base64 of gzip: "H4sI" is the gzip magic in base64.
        Encoding.ASCII.GetString(Convert.FromBase64String(secret["data"]!["release"]!.GetValue<string>())).ShouldStartWith("H4sI");
    }

    [Fact]
    public void Helm_delete_options_are_empty() =>
        ShouldBe(Decode(ProtobufCaptures.HelmDeleteOptions), """{"apiVersion":"v1","kind":"DeleteOptions"}""");

    [Fact]
    public void An_unsupported_kind_is_415_naming_it()
    {
        var error = Should.Throw<ApiException>(() => Decode(ProtobufCaptures.KubectlCreateCronJob));
        error.Code.ShouldBe(415);
        error.Reason.ShouldBe("UnsupportedMediaType");
        error.Message.ShouldContain("CronJob (batch/v1)");
    }

    [Fact]
    public void An_unlisted_field_that_carries_data_is_415_naming_it_and_an_empty_one_is_skipped()
    {
        // ConfigMap field 9 does not exist: a client that sends more than the schema knows is refused, not trimmed.
        var error = Should.Throw<ApiException>(() => ProtobufBody.Decode(Envelope("v1", "ConfigMap", Field(9, "x"u8))));
        error.Code.ShouldBe(415);
        error.Message.ShouldContain("field 9 of ConfigMap");
        ProtobufBody.Decode(Envelope("v1", "ConfigMap", Field(9, []))).ShouldNotContainKey("9");
    }

    [Fact]
    public void Bytes_that_are_not_kubernetes_protobuf_are_400()
    {
        Should.Throw<ApiException>(() => ProtobufBody.Decode("{}"u8.ToArray())).Code.ShouldBe(400);
        var truncated = Convert.FromBase64String(ProtobufCaptures.KubectlCreateConfigMap)[..30];
        Should.Throw<ApiException>(() => ProtobufBody.Decode(truncated)).Code.ShouldBe(400);
    }

    private static byte[] Envelope(string apiVersion, string kind, byte[] raw) =>
        [.. "k8s\0"u8, .. Field(1, [.. Field(1, Encoding.UTF8.GetBytes(apiVersion)), .. Field(2, Encoding.UTF8.GetBytes(kind))]), .. Field(2, raw)];

    /// <summary>A length-delimited field (wire type 2) with a one-byte tag and length.</summary>
    private static byte[] Field(int number, ReadOnlySpan<byte> payload) => [(byte)((number << 3) | 2), (byte)payload.Length, .. payload];
}
