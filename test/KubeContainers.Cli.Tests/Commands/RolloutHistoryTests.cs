using System.Text.Json.Nodes;
using KubeContainers.Cli.Commands;
using KubeContainers.Cli.Kube;

namespace KubeContainers.Cli.Tests.Commands;

/// <summary>status.history in the shape issue 19 documents (revision, image, change, startedAt, readyAt, outcome),
/// read from the object's JSON whatever the plugin's Api types know.</summary>
public sealed class RolloutHistoryTests
{
    private static readonly JsonObject Container = JsonNode.Parse("""
        {"status":{"history":[
          {"revision":1,"image":"app:1","change":"created","startedAt":"2026-12-01T10:00:00Z","readyAt":"2026-12-01T10:00:05Z","outcome":"Superseded"},
          {"revision":3,"image":"app:3","change":"image app:2 -> app:3","startedAt":"2026-12-01T12:00:00Z","outcome":"RolledBack"},
          {"revision":2,"image":"app:2","change":"image app:1 -> app:2","startedAt":"2026-12-01T11:00:00Z","readyAt":"2026-12-01T11:00:09Z","outcome":"Ready"}
        ]}}
        """)!.AsObject();

    [Fact]
    public void Newest_revision_first_with_every_field()
    {
        var history = RolloutHistory.Of(Container);

        history.Select(h => h.Revision).ShouldBe([3L, 2L, 1L]);
        history[1].ShouldBe(new HistoryEntry
        {
            Revision = 2, Image = "app:2", Change = "image app:1 -> app:2", Outcome = "Ready",
            StartedAt = DateTimeOffset.Parse("2026-12-01T11:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            ReadyAt = DateTimeOffset.Parse("2026-12-01T11:00:09Z", System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    [Fact]
    public void A_rollout_never_ready_shows_a_dash()
    {
        HistoryCommand.Row(RolloutHistory.Of(Container)[0])[4].ShouldBe("-");
    }

    [Fact]
    public void No_history_is_an_empty_list()
    {
        RolloutHistory.Of(new JsonObject { ["status"] = new JsonObject() }).ShouldBeEmpty();
        RolloutHistory.Of(new JsonObject()).ShouldBeEmpty();
    }
}
