using k8s.Models;
using KubeContainers.Runtime.Children;
using KubeContainers.Runtime.Client;
using KubeContainers.Runtime.Tests.Integration;

namespace KubeContainers.Runtime.Tests.Children;

/// <summary>Against the local cluster, whose admission fills in server defaults as the apiserver does: a steady state
/// must still write nothing.</summary>
[ClusterTest]
public sealed class ChildSynchronizerClusterTests : IAsyncLifetime
{
    private LocalCluster.LocalCluster cluster = null!;

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => cluster = await LocalCluster.LocalCluster.StartAsync(new LocalCluster.LocalClusterOptions());

    public async ValueTask DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task A_defaulted_deployment_and_service_sync_to_unchanged()
    {
        var client = ClusterTestKit.NewClient(cluster);
        var sync = SyncKit.Synchronizer(client);
        var owner = await client.CreateAsync(SyncKit.ConfigMap("owner", [], owned: false), Ct);
        var isOwned = new ChildSyncOptions<V1Deployment> { IsOwned = d => d.Metadata.OwnerReferences?.Any(r => r.Uid == owner.Metadata.Uid) == true };
        var serviceOwned = new ChildSyncOptions<V1Service>
        {
            IsOwned = s => s.Metadata.OwnerReferences?.Any(r => r.Uid == owner.Metadata.Uid) == true,
            Preserve = (have, update) => (update.Spec.ClusterIP, update.Spec.ClusterIPs) = (have.Spec.ClusterIP, have.Spec.ClusterIPs),
        };

        var created = await sync.SyncAsync(new ObjectKey("default", "web"), Deployment(owner, "0.5"), isOwned, Ct);
        var again = await sync.SyncAsync(new ObjectKey("default", "web"), Deployment(owner, "0.5"), isOwned, Ct);
        var service = await sync.SyncAsync(new ObjectKey("default", "web"), Service(owner, 8080), serviceOwned, Ct);
        var serviceAgain = await sync.SyncAsync(new ObjectKey("default", "web"), Service(owner, 8080), serviceOwned, Ct);
        var portChanged = await sync.SyncAsync(new ObjectKey("default", "web"), Service(owner, 9090), serviceOwned, Ct);

        created.Outcome.ShouldBe(ChildSyncOutcome.Created);
        again.Outcome.ShouldBe(ChildSyncOutcome.Unchanged);
        service.Outcome.ShouldBe(ChildSyncOutcome.Created);
        serviceAgain.Outcome.ShouldBe(ChildSyncOutcome.Unchanged);
        portChanged.Outcome.ShouldBe(ChildSyncOutcome.Updated);
        portChanged.Current!.Spec.ClusterIP.ShouldBe(service.Current!.Spec.ClusterIP);
    }

    private static V1OwnerReference OwnerOf(V1ConfigMap owner) =>
        new() { ApiVersion = "v1", Kind = "ConfigMap", Name = "owner", Uid = owner.Metadata.Uid, BlockOwnerDeletion = true, Controller = true };

    private static V1Deployment Deployment(V1ConfigMap owner, string cpu) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", OwnerReferences = [OwnerOf(owner)] },
        Spec = new V1DeploymentSpec
        {
            Replicas = 1,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
                Spec = new V1PodSpec
                {
                    Containers =
                    [
                        new V1Container
                        {
                            Name = "app",
                            Image = "nginx:1.27",
                            Ports = [new V1ContainerPort { ContainerPort = 8080, Name = "http", Protocol = "TCP" }],
                            Resources = new V1ResourceRequirements
                            {
                                Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu) },
                                Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu) },
                            },
                            SecurityContext = new V1SecurityContext { AllowPrivilegeEscalation = false, Capabilities = new V1Capabilities { Drop = ["ALL"] } },
                        },
                    ],
                },
            },
        },
    };

    private static V1Service Service(V1ConfigMap owner, int port) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", OwnerReferences = [OwnerOf(owner)] },
        Spec = new V1ServiceSpec
        {
            Selector = new Dictionary<string, string> { ["app"] = "web" },
            Ports = [new V1ServicePort { Port = port, Name = "http", Protocol = "TCP", TargetPort = "http" }],
        },
    };
}
