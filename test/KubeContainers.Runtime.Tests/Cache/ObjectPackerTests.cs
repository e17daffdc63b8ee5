using k8s;
using k8s.Models;
using KubeContainers.Runtime.Cache;

namespace KubeContainers.Runtime.Tests.Cache;

public sealed class ObjectPackerTests
{
    [Fact]
    public void Objects_unpack_to_what_was_packed_before_and_after_the_dictionary_is_trained()
    {
        using var packer = new ObjectPacker();
        var early = packer.Pack(Deployment(0));
        packer.HasDictionary.ShouldBeFalse();

        var packed = Enumerable.Range(1, ObjectPacker.SamplesForDictionary).Select(i => packer.Pack(Deployment(i))).ToList();
        packer.HasDictionary.ShouldBeTrue();
        var late = packer.Pack(Deployment(1000));

        Json(packer.Unpack<V1Deployment>(early)).ShouldBe(Json(Deployment(0)));
        Json(packer.Unpack<V1Deployment>(packed[41])).ShouldBe(Json(Deployment(42)));
        Json(packer.Unpack<V1Deployment>(late)).ShouldBe(Json(Deployment(1000)));
    }

    [Fact]
    public void With_the_dictionary_an_object_packs_to_a_fraction_of_its_plain_size()
    {
        using var packer = new ObjectPacker();
        var plain = packer.Pack(Deployment(0)).Length;
        for (var i = 1; i < ObjectPacker.SamplesForDictionary; i++)
        {
            packer.Pack(Deployment(i));
        }

        var withDictionary = packer.Pack(Deployment(5000)).Length;

        withDictionary.ShouldBeLessThan(plain / 3, $"plain {plain} bytes, with the dictionary {withDictionary}");
    }

    [Fact]
    public void Each_unpack_is_a_fresh_copy()
    {
        using var packer = new ObjectPacker();
        var packed = packer.Pack(Deployment(1));

        var first = packer.Unpack<V1Deployment>(packed);
        first.Metadata.Labels["app"] = "changed";

        packer.Unpack<V1Deployment>(packed).Metadata.Labels["app"].ShouldBe("app-1");
    }

    [Fact]
    public async Task Concurrent_packs_and_unpacks_across_training_all_round_trip()
    {
        using var packer = new ObjectPacker();
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
            Enumerable.Range(0, 50).All(i =>
            {
                var n = (worker * 1000) + i;
                return Json(packer.Unpack<V1Deployment>(packer.Pack(Deployment(n)))) == Json(Deployment(n));
            }))));

        results.ShouldAllBe(ok => ok);
        packer.HasDictionary.ShouldBeTrue();
    }

    [Fact]
    public void The_kubernetes_conventions_survive_packing_dates_quantities_int_or_string_and_escaping()
    {
        using var packer = new ObjectPacker();
        var pod = new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = "web-0",
                CreationTimestamp = new DateTime(2026, 12, 7, 23, 36, 47, 915, DateTimeKind.Utc),
                Annotations = new Dictionary<string, string> { ["note"] = "<é> \"quoted\"" },
            },
            Spec = new V1PodSpec
            {
                Containers =
                [
                    new V1Container
                    {
                        Name = "app",
                        Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("0.5") } },
                        ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Port = "http", Path = "/" } },
                    },
                ],
            },
        };

        var back = packer.Unpack<V1Pod>(packer.Pack(pod));

        Json(back).ShouldBe(Json(pod));
        back.Metadata.CreationTimestamp.ShouldBe(pod.Metadata.CreationTimestamp);
        back.Spec.Containers[0].ReadinessProbe.HttpGet.Port.Value.ShouldBe("http");
    }

    private static string Json(object obj) => KubernetesJson.Serialize(obj);

    private static V1Deployment Deployment(int n) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta
        {
            Name = $"app-{n}",
            NamespaceProperty = $"tenant-{n % 7}",
            Uid = $"00000000-0000-0000-0000-{n:000000000000}",
            ResourceVersion = $"{1000 + n}",
            Labels = new Dictionary<string, string> { ["app"] = $"app-{n}", ["app.kubernetes.io/managed-by"] = "kubecontainers" },
        },
        Spec = new V1DeploymentSpec
        {
            Replicas = 1,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = $"app-{n}" } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = $"app-{n}" } },
                Spec = new V1PodSpec
                {
                    RuntimeClassName = "kubecontainers-gvisor",
                    Containers =
                    [
                        new V1Container
                        {
                            Name = "app",
                            Image = $"registry.example.com/team-{n % 13}/app:{n}",
                            Ports = [new V1ContainerPort { ContainerPort = 8080, Name = "http" }],
                            Resources = new V1ResourceRequirements
                            {
                                Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("250m"), ["memory"] = new("256Mi") },
                            },
                        },
                    ],
                },
            },
        },
    };
}
