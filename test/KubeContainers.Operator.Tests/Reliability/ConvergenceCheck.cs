using System.Diagnostics;
using k8s;
using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.Tests.Support;

namespace KubeContainers.Operator.Tests.Reliability;

/// <summary>
/// What "converged, nothing lost, nothing duplicated" means for a namespace, checked on one snapshot:
/// exactly the expected ManagedContainers, each Ready with status.observedGeneration = metadata.generation, its
/// spec.image the last one applied and in its Deployment; exactly one Deployment, Service, Ingress and NetworkPolicy
/// per container, each with a controller owner reference to a live ManagedContainer; no child owned by nothing.
/// </summary>
internal static class ConvergenceCheck
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Polls until a snapshot has no problem; fails with the problems left (and the operators' output)
    /// after <paramref name="within"/>. Returns how long convergence took.</summary>
    public static async Task<TimeSpan> WaitAsync(
        IKubernetes client, string ns, IReadOnlyDictionary<string, string> desired, string what, TimeSpan within, Func<string> diagnostics)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            await Eventually.Returns(() => SnapshotAsync(client, ns, desired), s => s.Converged, $"{ns} to converge ({what})", within);
        }
        catch (TimeoutException e)
        {
            Assert.Fail($"{e.Message}\n{diagnostics()}");
        }

        return watch.Elapsed;
    }

    /// <summary>One look at the namespace: the list of problems (empty when converged) and the counts behind them.</summary>
    public static async Task<Snapshot> SnapshotAsync(IKubernetes client, string ns, IReadOnlyDictionary<string, string> desired)
    {
        var containers = (await client.CustomObjects.ListNamespacedCustomObjectAsync<V1Alpha1ManagedContainerList>(
            V1Alpha1ManagedContainer.KubeGroup, V1Alpha1ManagedContainer.KubeApiVersion, ns, V1Alpha1ManagedContainer.KubePluralName,
            cancellationToken: Ct)).Items;
        var deployments = (await client.AppsV1.ListNamespacedDeploymentAsync(ns, cancellationToken: Ct)).Items;
        var services = (await client.CoreV1.ListNamespacedServiceAsync(ns, cancellationToken: Ct)).Items;
        var ingresses = (await client.NetworkingV1.ListNamespacedIngressAsync(ns, cancellationToken: Ct)).Items;
        var policies = (await client.NetworkingV1.ListNamespacedNetworkPolicyAsync(ns, cancellationToken: Ct)).Items;

        var problems = new List<string>();
        var live = containers.Where(c => c.Metadata.DeletionTimestamp is null).ToDictionary(c => c.Metadata.Uid, StringComparer.Ordinal);
        var names = containers.Select(c => c.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(desired.Keys.Where(n => !names.Contains(n)).Select(n => $"{n}: ManagedContainer missing"));
        problems.AddRange(names.Where(n => !desired.ContainsKey(n)).Select(n => $"{n}: unexpected ManagedContainer"));

        var lost = 0;
        foreach (var mc in containers.Where(c => desired.ContainsKey(c.Metadata.Name)))
        {
            var name = mc.Metadata.Name;
            var image = desired[name];
            if (mc.Spec.Image != image)
            {
                problems.Add($"{name}: spec.image {mc.Spec.Image}, last applied {image}");
            }

            if (!mc.Status.IsReady())
            {
                problems.Add($"{name}: not Ready ({KubeContainers.WholeSystem.ManagedContainers.Describe(mc)})");
            }

            if (mc.Status.ObservedGeneration != mc.Metadata.Generation)
            {
                problems.Add($"{name}: observedGeneration {mc.Status.ObservedGeneration}, generation {mc.Metadata.Generation}");
            }

            var deployment = deployments.FirstOrDefault(d => ControllerUid(d.Metadata) == mc.Metadata.Uid);
            var deployed = deployment?.Spec.Template.Spec.Containers.Select(c => c.Image).ToList() ?? [];
            if (!deployed.Contains(image))
            {
                lost++;
                problems.Add($"{name}: Deployment runs [{string.Join(", ", deployed)}], not {image}");
            }
        }

        var duplicates = 0;
        var orphans = 0;
        foreach (var (kind, children) in new (string, IReadOnlyList<V1ObjectMeta>)[]
                 {
                     ("Deployment", [.. deployments.Select(d => d.Metadata)]),
                     ("Service", [.. services.Select(s => s.Metadata)]),
                     ("Ingress", [.. ingresses.Select(i => i.Metadata)]),
                     ("NetworkPolicy", [.. policies.Select(p => p.Metadata)]),
                 })
        {
            foreach (var child in children.Where(c => ControllerUid(c) is not { } uid || !live.ContainsKey(uid)))
            {
                orphans++;
                problems.Add($"{kind} {child.Name}: orphan (controller {ControllerUid(child) ?? "none"} is no live ManagedContainer)");
            }

            foreach (var mc in live.Values)
            {
                var owned = children.Where(c => ControllerUid(c) == mc.Metadata.Uid).Select(c => c.Name).ToList();
                if (owned.Count != 1)
                {
                    duplicates += Math.Max(0, owned.Count - 1);
                    problems.Add($"{mc.Metadata.Name}: {owned.Count} {kind}s [{string.Join(", ", owned)}], expected exactly 1");
                }
            }
        }

        return new Snapshot(problems, containers.Count, lost, duplicates, orphans);
    }

    private static string? ControllerUid(V1ObjectMeta metadata) =>
        metadata.OwnerReferences?.FirstOrDefault(r => r.Controller == true && r.Kind == V1Alpha1ManagedContainer.KubeKind)?.Uid;

    /// <summary>Problems found (none when converged); Lost counts containers whose last applied image is not deployed.</summary>
    public sealed record Snapshot(IReadOnlyList<string> Problems, int Containers, int Lost, int Duplicates, int Orphans)
    {
        public bool Converged => Problems.Count == 0;

        public override string ToString() =>
            Converged ? $"{Containers} containers converged" : $"{Problems.Count} problems:\n  " + string.Join("\n  ", Problems);
    }
}
