using k8s;
using KubeContainers.Operator.Tests.Support;

namespace KubeContainers.Operator.Tests.WholeSystem;

/// <summary>
/// The images people actually run (<see cref="PopularImages"/>), applied with kubectl as a user writes them and
/// reconciled by the real operator as its ServiceAccount, reach Ready on the strict local cluster: a kubelet that
/// verifies runAsNonRoot against each image's user and answers probes from what the image serves, in a namespace
/// that enforces the Pod Security level the pods claim.
/// </summary>
[ClusterTest]
public sealed class PopularImagesSystemTests(OperatorCluster cluster) : IClassFixture<OperatorCluster>
{
    private readonly IKubernetes client = cluster.Client();

    [Theory]
    [MemberData(nameof(PopularImages.Rows), MemberType = typeof(PopularImages))]
    public async Task The_image_reaches_ready_under_the_level_it_claims(string name, string level, string spec)
    {
        var ns = await cluster.NamespaceAsync(name);
        (await cluster.Kubectl.RunAsync($"label namespace {ns} pod-security.kubernetes.io/enforce={level}")).ShouldSucceed();

        await cluster.ApplyAsync(ns, name, spec);

        var mc = await cluster.WaitReadyAsync(ns, name);
        mc.Status.ObservedGeneration.ShouldBe(mc.Metadata.Generation);
        var pods = (await client.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: TestContext.Current.CancellationToken)).Items;
        pods.ShouldHaveSingleItem().Status.ContainerStatuses.ShouldAllBe(s => s.Ready && s.RestartCount == 0);
    }
}
