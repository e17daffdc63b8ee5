using k8s;
using k8s.Models;
using KubeContainers.Api;
using KubeContainers.LocalCluster;
using KubeContainers.Operator.Configuration;
using KubeContainers.Operator.ManagedContainers.Resources;
using KubeContainers.Operator.ManagedContainers.Status;
using KubeContainers.Operator.Tests.Support;

namespace KubeContainers.Operator.Tests.ManagedContainers.Resources;

/// <summary>
/// The table of <see cref="PopularImages"/> without the operator process: each ManagedContainer is admitted and
/// defaulted by the CRD, its children are built by the operator's builders with the default settings and created in
/// a namespace that enforces the Pod Security level the pods claim, and the simulated kubelet (runAsNonRoot checked
/// against the image's user, probes answered from what the image serves) must make the Deployment Available.
/// </summary>
[ClusterTest]
public sealed class PopularImagesTests(PopularImagesTests.Cluster cluster) : IClassFixture<PopularImagesTests.Cluster>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly IKubernetes client = cluster.Client;

    [Theory]
    [MemberData(nameof(PopularImages.Rows), MemberType = typeof(PopularImages))]
    public async Task The_built_pods_become_available_under_the_level_they_claim(string name, string level, string spec)
    {
        var ns = $"{name}-{Guid.NewGuid().ToString("N")[..6]}";
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace
        {
            Metadata = new V1ObjectMeta { Name = ns, Labels = new Dictionary<string, string> { ["pod-security.kubernetes.io/enforce"] = level } },
        }, cancellationToken: Ct);
        var container = await AdmitAsync(ns, name, spec);
        var input = new BuildInput(container, new OperatorSettings());

        if (RuntimeClassResource.Make(SandboxSelection.Profile(input)) is { } runtimeClass)
        {
            await CreateOnceAsync(() => client.NodeV1.CreateRuntimeClassAsync(runtimeClass, cancellationToken: Ct));
        }

        foreach (var claim in ClaimResource.Make(input))
        {
            await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(claim, ns, cancellationToken: Ct);
        }

        var deployment = DeploymentResource.Make(input).ShouldNotBeNull();
        await client.AppsV1.CreateNamespacedDeploymentAsync(deployment, ns, cancellationToken: Ct);

        // A timeout shows the pods' diagnosis (the kubelet's refusal or the failing probe), not just "not available".
        await Eventually.Returns(
            async () => (
                Available: DeploymentDiagnosis.From(await client.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: Ct)).Available,
                Pods: PodDiagnosis.Diagnose((await client.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: Ct)).Items.ToList(), DateTimeOffset.UtcNow)),
            seen => seen.Available,
            $"{name} available under {level}", TimeSpan.FromSeconds(60));
        var pods = (await client.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: Ct)).Items;
        pods.ShouldHaveSingleItem().Status.ContainerStatuses.ShouldAllBe(s => s.Ready && s.RestartCount == 0);
    }

    /// <summary>Creates the ManagedContainer as kubectl would and reads back what the apiserver stored (defaults filled in).</summary>
    private async Task<V1Alpha1ManagedContainer> AdmitAsync(string ns, string name, string spec)
    {
        var body = KubernetesYaml.Deserialize<object>(KubeContainers.WholeSystem.ManagedContainers.Manifest(name, spec));
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(body, V1Alpha1ManagedContainer.KubeGroup, V1Alpha1ManagedContainer.KubeApiVersion, ns,
            V1Alpha1ManagedContainer.KubePluralName, cancellationToken: Ct);
        return await client.CustomObjects.GetNamespacedCustomObjectAsync<V1Alpha1ManagedContainer>(
            V1Alpha1ManagedContainer.KubeGroup, V1Alpha1ManagedContainer.KubeApiVersion, ns, V1Alpha1ManagedContainer.KubePluralName, name, cancellationToken: Ct);
    }

    /// <summary>The RuntimeClass is shared by every row of a profile.</summary>
    private static async Task CreateOnceAsync(Func<Task> create)
    {
        try
        {
            await create();
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
        }
    }

    /// <summary>The cluster of <c>make demo</c> (gVisor everywhere, Kata on one pool) with the ManagedContainer CRD.</summary>
    public sealed class Cluster : IAsyncLifetime
    {
        private LocalCluster.LocalCluster? localCluster;

        public IKubernetes Client { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            localCluster = await LocalCluster.LocalCluster.StartAsync(LocalClusterConfig.Load(
                KubeContainers.WholeSystem.OperatorCluster.GVisorPool,
                new LocalClusterOptions { PodReadyDelay = TimeSpan.FromMilliseconds(50) }));
            Client = new Kubernetes(localCluster.ClientConfiguration());
            var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(await File.ReadAllTextAsync(RepoPaths.File("crds/kubecontainers.io_managedcontainers.yaml")));
            await Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
        }

        public async ValueTask DisposeAsync()
        {
            Client?.Dispose();
            if (localCluster is not null)
            {
                await localCluster.DisposeAsync();
            }
        }
    }
}
