using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Tests.Support;

namespace KubeContainers.LocalCluster.Tests.Conformance;

/// <summary>
/// kubectl's typed <c>create</c> subcommands, which send their object as application/vnd.kubernetes.protobuf (and
/// read the JSON answer), and the RBAC kinds (helm and <c>kubectl apply -k config/default</c> create them).
/// </summary>
[ClusterTest]
public sealed class ProtobufRbacConformanceTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private Kubectl Kubectl => fixture.Kubectl;

    private async Task<JsonNode> GetAsync(string what) =>
        JsonNode.Parse((await Kubectl.RunAsync($"get {what} -o json")).ShouldSucceed().Stdout)!;

    [Fact]
    public async Task Discovery_serves_the_rbac_kinds()
    {
        var result = (await Kubectl.RunAsync("api-resources --api-group=rbac.authorization.k8s.io -o name")).ShouldSucceed();
        result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldBe(
            ["clusterrolebindings.rbac.authorization.k8s.io", "clusterroles.rbac.authorization.k8s.io",
             "rolebindings.rbac.authorization.k8s.io", "roles.rbac.authorization.k8s.io"], ignoreOrder: true);
        var namespaced = (await Kubectl.RunAsync("api-resources --api-group=rbac.authorization.k8s.io --namespaced=true -o name")).ShouldSucceed();
        namespaced.Stdout.ShouldNotContain("clusterrole");
    }

    [Fact]
    public async Task Kubectl_create_of_core_kinds_in_protobuf()
    {
        var ns = $"pb-{Guid.NewGuid().ToString("N")[..6]}";
        (await Kubectl.RunAsync($"create namespace {ns}")).ShouldSucceed().Stdout.ShouldContain($"namespace/{ns} created");
        (await Kubectl.RunAsync($"create configmap settings -n {ns} --from-literal=a=b --from-literal=empty=")).ShouldSucceed();
        (await Kubectl.RunAsync($"create secret generic creds -n {ns} --from-literal=password=s3cret")).ShouldSucceed();
        (await Kubectl.RunAsync($"create secret docker-registry reg -n {ns} --docker-server=r.example --docker-username=u --docker-password=p")).ShouldSucceed();
        (await Kubectl.RunAsync($"create serviceaccount robot -n {ns}")).ShouldSucceed();
        (await Kubectl.RunAsync($"create quota q -n {ns} --hard=pods=2,cpu=1")).ShouldSucceed();

        (await GetAsync($"configmap settings -n {ns}"))["data"]!.ToJsonString().ShouldBe("""{"a":"b","empty":""}""");
        (await Kubectl.RunAsync($"get secret creds -n {ns} -o jsonpath={{.data.password}}")).ShouldSucceed().Stdout.ShouldBe(Convert.ToBase64String("s3cret"u8));
        (await GetAsync($"secret reg -n {ns}"))["type"]!.GetValue<string>().ShouldBe("kubernetes.io/dockerconfigjson");
        (await GetAsync($"serviceaccount robot -n {ns}"))["metadata"]!["uid"].ShouldNotBeNull();
        (await GetAsync($"resourcequota q -n {ns}"))["spec"]!["hard"]!.ToJsonString().ShouldBe("""{"cpu":"1","pods":"2"}""");
    }

    [Fact]
    public async Task Kubectl_create_of_workloads_in_protobuf_runs_them()
    {
        var ns = await fixture.NamespaceAsync("pbw");
        (await Kubectl.RunAsync($"create deployment web -n {ns} --image=nginx --replicas=2 --port=8080")).ShouldSucceed();
        (await Kubectl.RunAsync($"create job once -n {ns} --image=busybox -- echo hi")).ShouldSucceed();
        (await Kubectl.RunAsync($"create service clusterip web -n {ns} --tcp=80:8080")).ShouldSucceed();
        (await Kubectl.RunAsync($"create ingress web -n {ns} --rule=web.example/=web:80")).ShouldSucceed();

        var deployment = await GetAsync($"deployment web -n {ns}");
        deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["ports"]![0]!["containerPort"]!.GetValue<int>().ShouldBe(8080);
        (await Kubectl.RunAsync($"rollout status deployment/web -n {ns} --timeout=60s")).ShouldSucceed();
        (await GetAsync($"job once -n {ns}"))["spec"]!["template"]!["spec"]!["containers"]![0]!["command"]!.ToJsonString().ShouldBe("""["echo","hi"]""");
        var service = await GetAsync($"service web -n {ns}");
        service["spec"]!["ports"]![0]!["targetPort"]!.GetValue<int>().ShouldBe(8080);
        service["spec"]!["clusterIP"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        (await GetAsync($"ingress web -n {ns}"))["spec"]!["rules"]![0]!["http"]!["paths"]![0]!["backend"]!["service"]!["name"]!.GetValue<string>().ShouldBe("web");
    }

    [Fact]
    public async Task Kubectl_create_of_rbac_kinds_in_protobuf_then_apply_and_delete()
    {
        var ns = await fixture.NamespaceAsync("rbac");
        var cluster = $"reader-{ns}";
        (await Kubectl.RunAsync($"create role pod-reader -n {ns} --verb=get,list --resource=pods")).ShouldSucceed();
        (await Kubectl.RunAsync($"create rolebinding read-pods -n {ns} --role=pod-reader --serviceaccount={ns}:robot")).ShouldSucceed();
        (await Kubectl.RunAsync($"create clusterrole {cluster} --verb=get --resource=nodes")).ShouldSucceed();
        (await Kubectl.RunAsync($"create clusterrolebinding {cluster} --clusterrole={cluster} --user=alice")).ShouldSucceed();

        var rules = (await GetAsync($"role pod-reader -n {ns}"))["rules"];
        JsonNode.DeepEquals(rules, JsonNode.Parse("""[{"verbs":["get","list"],"apiGroups":[""],"resources":["pods"]}]""")).ShouldBeTrue(rules?.ToJsonString());
        var binding = await GetAsync($"rolebinding read-pods -n {ns}");
        binding["roleRef"]!.ToJsonString().ShouldBe("""{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"pod-reader"}""");
        binding["subjects"]![0]!["namespace"]!.GetValue<string>().ShouldBe(ns);
        (await GetAsync($"clusterrolebinding {cluster}"))["subjects"]![0]!["name"]!.GetValue<string>().ShouldBe("alice");

        var role = $"""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: {cluster}
            rules:
            - apiGroups: [""]
              resources: [nodes]
              verbs: [get, list, watch]
            """;
        (await Kubectl.RunAsync("apply -f -", role)).ShouldSucceed().Stdout.ShouldContain("configured");
        (await Kubectl.RunAsync("apply -f -", role)).ShouldSucceed().Stdout.ShouldContain("unchanged");
        (await Kubectl.RunAsync($"get clusterroles,clusterrolebindings -o name")).ShouldSucceed().Stdout.ShouldContain($"clusterrole.rbac.authorization.k8s.io/{cluster}");
        (await Kubectl.RunAsync($"delete clusterrole {cluster}")).ShouldSucceed();
        (await Kubectl.RunAsync($"delete rolebinding read-pods -n {ns}")).ShouldSucceed();
        (await Kubectl.RunAsync($"get clusterrole {cluster}")).ShouldFail().Stderr.ShouldContain("NotFound");
    }

    [Fact]
    public async Task A_protobuf_kind_the_server_does_not_decode_is_415_naming_it()
    {
        using var http = fixture.Cluster.CreateHttpClient();
        // A Lease as client-go would encode it: k8s\0, then runtime.Unknown{typeMeta{apiVersion, kind}, raw}.
        byte[] typeMeta = [0x0a, 0x16, .. "coordination.k8s.io/v1"u8, 0x12, 0x05, .. "Lease"u8];
        byte[] body = [.. "k8s\0"u8, 0x0a, (byte)typeMeta.Length, .. typeMeta, 0x12, 0x00];
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.kubernetes.protobuf");

        using var response = await http.PostAsync("/apis/coordination.k8s.io/v1/namespaces/default/leases", content, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        status["kind"]!.GetValue<string>().ShouldBe("Status");
        status["reason"]!.GetValue<string>().ShouldBe("UnsupportedMediaType");
        status["message"]!.GetValue<string>().ShouldContain("Lease (coordination.k8s.io/v1)");
    }
}
