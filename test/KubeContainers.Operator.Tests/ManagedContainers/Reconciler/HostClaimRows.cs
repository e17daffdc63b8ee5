using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.Tests.ManagedContainers.Reconciler.Harness;
using KubeContainers.Runtime.Client;

namespace KubeContainers.Operator.Tests.ManagedContainers.Reconciler;

/// <summary>
/// Two ManagedContainers in different namespaces claim the same custom host. The first claimant by
/// creationTimestamp keeps it, whichever namespace it is in and whichever is reconciled first.
/// </summary>
public sealed class HostClaimRows
{
    private const string Host = "shop." + Cluster.BaseDomain;

    private static ObjectKey Shop(string @namespace) => new(@namespace, "shop");

    private static V1Alpha1ManagedContainer Claimant(string @namespace, DateTimeOffset created, string host = Host) =>
        Objects.Container("shop", new ManagedContainerSpec
        {
            Image = Objects.Image,
            Port = 8080,
            Networking = new NetworkingSpec { Host = host },
        }, @namespace, created);

    /// <summary>The rows for one creation order; run for both, so the answer cannot come from the namespace's name.</summary>
    private static IEnumerable<Row> Claims(string older, string younger)
    {
        var order = $"({older} created first)";
        Task BothClaim(Cluster c)
        {
            c.Add(Claimant(older, Cluster.Start.AddHours(-2)));
            c.Add(Claimant(younger, Cluster.Start.AddHours(-1)));
            return Task.CompletedTask;
        }

        yield return new Row($"the older claimant keeps the host and gets the Ingress {order}")
        {
            Given = BothClaim,
            Key = Shop(older),
            Writes =
            [
                "create V1RuntimeClass kubecontainers-gvisor",
                $"create V1NetworkPolicy {older}/shop",
                $"create V1Service {older}/shop",
                $"create V1Deployment {older}/shop",
                $"create V1Ingress {older}/shop",
                $"status V1Alpha1ManagedContainer {older}/shop",
            ],
            Conditions = ["IngressReady Unknown Pending"],
            Url = "http://" + Host,
            Events = [],
        };

        yield return new Row($"the younger claimant gets HostConflict and no Ingress {order}")
        {
            Given = BothClaim,
            Key = Shop(younger),
            Writes =
            [
                "create V1RuntimeClass kubecontainers-gvisor",
                $"create V1NetworkPolicy {younger}/shop",
                $"create V1Service {younger}/shop",
                $"create V1Deployment {younger}/shop",
                $"status V1Alpha1ManagedContainer {younger}/shop",
            ],
            Phase = ManagedContainerPhases.Failed,
            Ready = "False HostConflict",
            Conditions = ["IngressReady False HostConflict"],
            Url = Row.NoUrl,
            // The message does not name the other claimant: it may be another tenant's.
            Events =
            [
                $"Warning HostConflict: spec.networking.host: {Host} is already used by another ManagedContainer",
            ],
            Then = c => c.Find<V1Ingress>("shop", younger).ShouldBeNull(),
        };

        yield return new Row($"the younger claimant's Ingress from before the older one claimed the host is deleted {order}")
        {
            Given = async c =>
            {
                c.Add(Claimant(older, Cluster.Start.AddHours(-2), host: "elsewhere." + Cluster.BaseDomain));
                c.Add(Claimant(younger, Cluster.Start.AddHours(-1)));
                await c.ReconcileAsync(Shop(younger));
                // The older one now moves to the host: it was first, so the host is its.
                await c.EditSpecAsync(s => s.Networking!.Host = Host, Shop(older));
            },
            Key = Shop(younger),
            Writes = [$"delete V1Ingress {younger}/shop", $"status V1Alpha1ManagedContainer {younger}/shop"],
            Ready = "False HostConflict",
            Url = Row.NoUrl,
            Events = [$"Warning HostConflict: *"],
            Then = c => c.Find<V1Ingress>("shop", younger).ShouldBeNull(),
        };
    }

    private static readonly Table Rows = new([.. Claims("team-a", "team-b"), .. Claims("team-b", "team-a")]);

    public static TheoryData<string> Names => Rows.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public Task Reconciles(string row) => Rows.RunAsync(row);
}
