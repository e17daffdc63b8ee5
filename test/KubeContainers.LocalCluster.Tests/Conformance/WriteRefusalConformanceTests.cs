using k8s;
using KubeContainers.LocalCluster.Faults;
using KubeContainers.LocalCluster.Tests.Support;

namespace KubeContainers.LocalCluster.Tests.Conformance;

/// <summary>
/// Writes refused as an admission webhook or a policy would (<see cref="FaultInjector.RefuseWrites"/>), seen by the
/// real kubectl exactly as kube-apiserver's webhook denial reads (webhook/errors ToStatusErr).
/// </summary>
[ClusterTest]
public sealed class WriteRefusalConformanceTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private Kubectl Kubectl => fixture.Kubectl;

    [Fact]
    public async Task A_webhook_denial_is_403_Forbidden_quoting_the_webhook_and_only_for_what_it_matches()
    {
        var ns = await fixture.NamespaceAsync("webhook");
        fixture.Cluster.Faults.RefuseWrites(new WriteRefusal("ConfigMap", "configmaps need an owner label", ns, Webhook: "policy.example.com"));

        var refused = (await Kubectl.RunAsync($"create configmap settings -n {ns} --from-literal=a=b")).ShouldFail();

        refused.Stderr.ShouldContain(
            "configmaps \"settings\" is forbidden: admission webhook \"policy.example.com\" denied the request: configmaps need an owner label");
        using var client = fixture.Client();
        var status = await Should.ThrowAsync<k8s.Autorest.HttpOperationException>(() => client.CoreV1.CreateNamespacedConfigMapAsync(
            new k8s.Models.V1ConfigMap { Metadata = new k8s.Models.V1ObjectMeta { Name = "settings" } }, ns, cancellationToken: TestContext.Current.CancellationToken));
        status.Response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden);
        status.Response.Content.ShouldContain("\"reason\":\"Forbidden\"");
        (await Kubectl.RunAsync($"create secret generic other -n {ns} --from-literal=a=b")).ShouldSucceed();
        (await Kubectl.RunAsync("create configmap elsewhere -n default --from-literal=a=b")).ShouldSucceed();
        fixture.Cluster.Faults.Refused.ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task A_policy_refusal_without_a_webhook_reads_as_the_apiserver_own_and_lifting_it_lets_the_write_through()
    {
        var ns = await fixture.NamespaceAsync("quota");
        const string Quota = "exceeded quota: storage, requested: requests.storage=5Gi, used: requests.storage=8Gi, limited: requests.storage=10Gi";
        fixture.Cluster.Faults.RefuseWrites(new WriteRefusal("PersistentVolumeClaim", Quota, ns, Name: "data", Webhook: null, Operations: ["CREATE"]));
        const string Claim = "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  accessModes: [ReadWriteOnce]\n" +
            "  resources:\n    requests:\n      storage: 5Gi\n";

        var refused = (await Kubectl.RunAsync($"apply -n {ns} -f -", Claim)).ShouldFail();
        refused.Stderr.ShouldContain($"persistentvolumeclaims \"data\" is forbidden: {Quota}");

        fixture.Cluster.Faults.ClearRefusals();
        (await Kubectl.RunAsync($"apply -n {ns} -f -", Claim)).ShouldSucceed();
    }
}
