using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.ManagedContainers;
using KubeContainers.Operator.Tests.ManagedContainers.Reconciler.Harness;

namespace KubeContainers.Operator.Tests.ManagedContainers.Reconciler;

/// <summary>spec.labels reach every child and pod, beside the operator's own labels, which they can never replace.</summary>
public sealed class LabelRows
{
    private static readonly Dictionary<string, string> TeamLabels = new() { ["team"] = "a", ["tier"] = "frontend" };

    private static IEnumerable<(string What, IDictionary<string, string> Labels)> ChildLabels(Cluster c)
    {
        yield return ("NetworkPolicy", c.Get<V1NetworkPolicy>("web").Metadata.Labels);
        yield return ("Service", c.Get<V1Service>("web").Metadata.Labels);
        yield return ("Deployment", c.Get<V1Deployment>("web").Metadata.Labels);
        yield return ("pod template", c.Get<V1Deployment>("web").Spec.Template.Metadata.Labels);
        yield return ("Ingress", c.Get<V1Ingress>("web").Metadata.Labels);
    }

    private static readonly Table Rows = new(
        new Row("spec.labels appear on every child and the pods, beside the operator's labels")
        {
            Given = c => Task.FromResult(c.Add(Objects.WebApp(s => s.Labels = TeamLabels))),
            Writes =
            [
                "create V1RuntimeClass kubecontainers-gvisor",
                "create V1NetworkPolicy team-a/web",
                "create V1Service team-a/web",
                "create V1Deployment team-a/web",
                "create V1Ingress team-a/web",
                "status V1Alpha1ManagedContainer team-a/web",
            ],
            Events = [],
            Then = c =>
            {
                foreach (var (what, labels) in ChildLabels(c))
                {
                    labels["team"].ShouldBe("a", what);
                    labels["tier"].ShouldBe("frontend", what);
                    labels[Labels.ManagedBy].ShouldBe(Labels.ManagedByValue, what);
                    labels[Labels.Name].ShouldBe("web", what);
                }

                // Shared by every container of the profile: no one container's labels.
                c.Get<V1RuntimeClass>("kubecontainers-gvisor", null).Metadata.Labels.ShouldNotContainKey("team");
            },
        },
        new Row("reserved keys in spec.labels (stored before the CRD's rule refused them) never replace the operator's labels")
        {
            Given = c => Task.FromResult(c.Add(Objects.WebApp(s => s.Labels = new Dictionary<string, string>
            {
                ["team"] = "a",
                [Labels.ManagedBy] = "someone-else",
                [Labels.Name] = "other",
            }))),
            Writes =
            [
                "create V1RuntimeClass kubecontainers-gvisor",
                "create V1NetworkPolicy team-a/web",
                "create V1Service team-a/web",
                "create V1Deployment team-a/web",
                "create V1Ingress team-a/web",
                "status V1Alpha1ManagedContainer team-a/web",
            ],
            Events = [],
            Then = c =>
            {
                foreach (var (what, labels) in ChildLabels(c))
                {
                    labels["team"].ShouldBe("a", what);
                    labels[Labels.ManagedBy].ShouldBe(Labels.ManagedByValue, what);
                    labels[Labels.Name].ShouldBe("web", what);
                }
            },
        },
        new Row("a label dropped from spec.labels is removed from the children")
        {
            Given = async c =>
            {
                c.Add(Objects.WebApp(s => s.Labels = TeamLabels));
                await c.ReconcileAsync();
                await c.EditSpecAsync(s => s.Labels = new Dictionary<string, string> { ["team"] = "a" });
            },
            // The pod template's labels change too, so the Deployment rolls: a new version goes out.
            Writes =
            [
                "update V1NetworkPolicy team-a/web",
                "update V1Service team-a/web",
                "update V1Deployment team-a/web",
                "update V1Ingress team-a/web",
                "status V1Alpha1ManagedContainer team-a/web",
            ],
            Events = ["Normal Deployed: deploying *"],
            Then = c =>
            {
                foreach (var (what, labels) in ChildLabels(c))
                {
                    labels.ShouldNotContainKey("tier", what);
                    labels["team"].ShouldBe("a", what);
                }
            },
        });

    public static TheoryData<string> Names => Rows.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public Task Reconciles(string row) => Rows.RunAsync(row);
}
