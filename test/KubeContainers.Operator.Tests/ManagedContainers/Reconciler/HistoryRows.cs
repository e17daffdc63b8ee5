using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.Tests.ManagedContainers.Reconciler.Harness;

namespace KubeContainers.Operator.Tests.ManagedContainers.Reconciler;

/// <summary>status.history: one record per new pod template, closed when the rollout ends; status.selector for the
/// scale subresource.</summary>
public sealed class HistoryRows
{
    private const string NewImage = "ghcr.io/acme/web:2.0";

    private static string Records(Cluster c) => string.Join(" | ", (c.Container().Status.History ?? []).Select(r =>
        $"{r.Revision} {r.Change} {r.Outcome ?? "-"}{(r.ReadyAt is null ? string.Empty : " ready")}"));

    private static readonly Table Rows = new(
        new Row("rolled out once: revision 1, created, Ready with its time; the selector is the pods' label")
        {
            Given = async c =>
            {
                c.Add(Objects.WebApp());
                await c.ReconcileAsync();
                await c.Controllers.RolloutDoneAsync();
            },
            Writes = ["status V1Alpha1ManagedContainer team-a/web"],
            Events = [],
            Then = c =>
            {
                Records(c).ShouldBe("1 created Ready ready");
                var record = c.Container().Status.History!.Single();
                (record.Image, record.StartedAt, record.ReadyAt).ShouldBe((Objects.Image, Cluster.Start, Cluster.Start));
                c.Container().Status.Selector.ShouldBe("kubecontainers.io/container=web");
            },
        },
        new Row("a new image: revision 2 names the change and is under way")
        {
            Given = async c =>
            {
                c.Add(Objects.WebApp());
                await c.ReconcileAsync();
                await c.Controllers.RolloutDoneAsync();
                await c.ReconcileAsync();
                await c.EditSpecAsync(s => s.Image = NewImage);
            },
            Writes = ["update V1Deployment team-a/web", "status V1Alpha1ManagedContainer team-a/web"],
            Events = ["Normal Deployed: *"],
            Then = c => Records(c).ShouldBe($"1 created Ready ready | 2 image {Objects.Image} -> {NewImage} -"),
        },
        new Row("a newer image before the last one was ready: the last one is superseded")
        {
            Given = async c =>
            {
                c.Add(Objects.WebApp());
                await c.ReconcileAsync();
                await c.EditSpecAsync(s => s.Image = NewImage);
            },
            Writes = ["update V1Deployment team-a/web", "status V1Alpha1ManagedContainer team-a/web"],
            Events = ["Normal Deployed: *"],
            Then = c => Records(c).ShouldBe($"1 created Superseded | 2 image {Objects.Image} -> {NewImage} -"),
        },
        new Row("a restart is a rollout of its own")
        {
            Given = async c =>
            {
                c.Add(Objects.WebApp());
                await c.ReconcileAsync();
                await c.Controllers.RolloutDoneAsync();
                await c.ReconcileAsync();
                await c.EditSpecAsync(s => s.RestartedAt = Cluster.Start.AddMinutes(1));
            },
            Writes = ["update V1Deployment team-a/web", "status V1Alpha1ManagedContainer team-a/web"],
            Events = ["Normal Restarted: *"],
            Then = c => Records(c).ShouldBe("1 created Ready ready | 2 restart -"),
        },
        new Row("ten records at most: the oldest leaves, the revision count goes on")
        {
            Given = async c =>
            {
                c.Add(Objects.WebApp());
                await c.ReconcileAsync();
                for (var i = 1; i <= 10; i++)
                {
                    await c.EditSpecAsync(s => s.Image = $"ghcr.io/acme/web:{i}");
                    await c.ReconcileAsync();
                }

                await c.EditSpecAsync(s => s.Image = NewImage);
            },
            Writes = ["update V1Deployment team-a/web", "status V1Alpha1ManagedContainer team-a/web"],
            Events = ["Normal Deployed: *"],
            Then = c =>
            {
                var history = c.Container().Status.History!;
                history.Count.ShouldBe(RolloutRecord.Kept);
                (history[0].Revision, history[^1].Revision, history[^1].Image).ShouldBe((3, 12, NewImage));
            },
        });

    public static TheoryData<string> Names => Rows.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public Task Reconciles(string row) => Rows.RunAsync(row);
}
