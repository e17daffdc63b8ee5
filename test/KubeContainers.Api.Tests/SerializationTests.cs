using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubeContainers.Api.Tests.CrdGen;

namespace KubeContainers.Api.Tests;

public sealed class SerializationTests
{
    [Fact]
    public void Full_sample_round_trips_through_the_client_serializer()
    {
        var json = KubernetesJson.Serialize(Samples.Full());

        var back = KubernetesJson.Deserialize<V1Alpha1ManagedContainer>(json);

        KubernetesJson.Serialize(back).ShouldBe(json);
        back.Spec.Networking!.Ingress.ShouldBe(IngressModes.Public);
        back.Spec.Lifetime!.ExpiresAt.ShouldBe(Samples.Now.AddDays(1));
        back.Status.GetCondition(ConditionTypes.Ready)!.LastTransitionTime.ShouldBe(Samples.Now.UtcDateTime);
    }

    [Fact]
    public void Every_serialized_field_is_in_the_schema_and_the_full_sample_covers_the_schema()
    {
        var json = JsonNode.Parse(KubernetesJson.Serialize(Samples.Full()))!.AsObject();
        var serialized = Paths(json["spec"]!, "spec").Concat(Paths(json["status"]!, "status")).ToHashSet();
        var schema = GeneratedCrd.Fields()
            .Select(f => f.Path)
            .Where(p => p.StartsWith("spec", StringComparison.Ordinal) || p.StartsWith("status", StringComparison.Ordinal))
            .Where(p => !p.EndsWith(".[]", StringComparison.Ordinal))
            .ToHashSet();

        serialized.Except(schema).ShouldBeEmpty("serialized but not in the CRD: the apiserver would prune these");
        schema.Except(serialized).Where(p => p != "status.conditions.[].observedGeneration")
            .ShouldBeEmpty("in the CRD but not in the sample: extend Samples.Full");
    }

    [Fact]
    public void Api_version_and_kind_are_set_by_default()
    {
        var json = JsonNode.Parse(KubernetesJson.Serialize(new V1Alpha1ManagedContainer()))!;

        json["apiVersion"]!.GetValue<string>().ShouldBe("kubecontainers.io/v1alpha1");
        json["kind"]!.GetValue<string>().ShouldBe("ManagedContainer");
        new V1Alpha1ManagedContainerList().Kind.ShouldBe("ManagedContainerList");
    }

    [Fact]
    public void Null_fields_are_omitted()
    {
        var mc = new V1Alpha1ManagedContainer { Spec = new ManagedContainerSpec { Image = "nginx" } };

        var json = KubernetesJson.Serialize(mc);

        json.ShouldNotContain("null");
        JsonNode.Parse(json)!["spec"]!.AsObject().Select(p => p.Key).ShouldBe(["image"]);
        JsonNode.Parse(json)!["status"]!.AsObject().Count.ShouldBe(0);
    }

    [Fact]
    public void Object_as_the_apiserver_returns_it_deserializes()
    {
        const string json = """
            {
              "apiVersion": "kubecontainers.io/v1alpha1",
              "kind": "ManagedContainer",
              "metadata": {"name": "web", "namespace": "default", "generation": 2,
                           "creationTimestamp": "2025-03-04T05:06:07Z", "managedFields": []},
              "spec": {"image": "nginx", "port": 80, "replicas": 1, "mode": "persistent", "stopped": false,
                       "networking": {"egress": "none"}, "rollout": {"progressDeadlineSeconds": 600, "autoRollback": true},
                       "restartedAt": "2025-03-04T05:06:07Z", "futureField": {"x": 1}},
              "status": {"phase": "Running", "ready": "1/1", "conditions": [
                {"type": "Ready", "status": "True", "reason": "Ready", "message": "",
                 "lastTransitionTime": "2025-03-04T05:06:07Z", "observedGeneration": 2}]}
            }
            """;

        var mc = KubernetesJson.Deserialize<V1Alpha1ManagedContainer>(json);

        mc.Spec.Image.ShouldBe("nginx");
        mc.Spec.Port.ShouldBe(80);
        mc.Spec.RestartedAt.ShouldBe(Samples.Now);
        mc.Spec.Rollout!.AutoRollback.ShouldBe(true);
        mc.Status.IsReady().ShouldBeTrue();
        mc.Metadata.Generation.ShouldBe(2);
    }

    [Fact]
    public void Unknown_enumeration_values_still_deserialize()
    {
        var mc = KubernetesJson.Deserialize<V1Alpha1ManagedContainer>(
            """{"spec": {"image": "nginx", "mode": "someFutureMode"}, "status": {"phase": "SomethingNew"}}""");

        mc.Spec.Mode.ShouldBe("someFutureMode");
        mc.Status.Phase.ShouldBe("SomethingNew");
    }

    [Fact]
    public void Yaml_manifest_as_users_write_it_deserializes()
    {
        const string yaml = """
            apiVersion: kubecontainers.io/v1alpha1
            kind: ManagedContainer
            metadata:
              name: web
            spec:
              image: ghcr.io/org/web:v1.2.3
              port: 8080
              env:
                LOG_LEVEL: debug
              resources:
                cpu: 500m
                memory: 512Mi
              networking:
                ingress: public
              volumes:
                - name: data
                  mountPath: /data
                  size: 1Gi
            """;

        var mc = KubernetesYaml.Deserialize<V1Alpha1ManagedContainer>(yaml);

        mc.Spec.Port.ShouldBe(8080);
        mc.Spec.Env!["LOG_LEVEL"].ShouldBe("debug");
        mc.Spec.Resources!.Memory.ShouldBe("512Mi");
        mc.Spec.Volumes!.Single().MountPath.ShouldBe("/data");
    }

    private static IEnumerable<string> Paths(JsonNode node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                // Free-form maps (env, labels) are one field; their keys are data, not schema.
                if (path is "spec.env" or "spec.labels")
                {
                    yield return path;
                    yield break;
                }

                if (path.Length > 0 && !path.EndsWith(".[]", StringComparison.Ordinal))
                {
                    yield return path;
                }

                foreach (var (name, child) in obj)
                {
                    foreach (var p in Paths(child!, $"{path}.{name}"))
                    {
                        yield return p;
                    }
                }

                break;
            case JsonArray array:
                yield return path;
                foreach (var p in array.SelectMany(item => Paths(item!, path + ".[]")))
                {
                    yield return p;
                }

                break;
            default:
                if (!path.EndsWith(".[]", StringComparison.Ordinal))
                {
                    yield return path;
                }

                break;
        }
    }
}
