using KubeContainers.Api;
using KubeContainers.Cli.Commands;
using KubeContainers.Cli.Kube;

namespace KubeContainers.Cli.Tests.Commands;

/// <summary>status.history as <c>history</c> and <c>describe</c> show it: newest first, "-" for a rollout never ready.</summary>
public sealed class RolloutHistoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static readonly V1Alpha1ManagedContainer Container = new()
    {
        Status = new ManagedContainerStatus
        {
            History =
            [
                new() { Revision = 1, Image = "app:1", Change = "created", StartedAt = Start, ReadyAt = Start.AddSeconds(5), Outcome = RolloutOutcomes.Superseded },
                new() { Revision = 3, Image = "app:3", Change = "image app:2 -> app:3", StartedAt = Start.AddHours(2), Outcome = RolloutOutcomes.RolledBack },
                new() { Revision = 2, Image = "app:2", Change = "image app:1 -> app:2", StartedAt = Start.AddHours(1), ReadyAt = Start.AddHours(1).AddSeconds(9), Outcome = RolloutOutcomes.Ready },
            ],
        },
    };

    [Fact]
    public void Newest_revision_first()
    {
        RolloutHistory.Of(Container).Select(h => h.Revision).ShouldBe([3, 2, 1]);
    }

    [Fact]
    public void A_row_shows_the_revision_image_change_and_outcome_and_a_dash_for_never_ready()
    {
        var row = HistoryCommand.Row(RolloutHistory.Of(Container)[0]);

        (row[0], row[1], row[2], row[4], row[5]).ShouldBe(("3", "app:3", "image app:2 -> app:3", "-", "RolledBack"));
    }

    [Fact]
    public void No_history_is_an_empty_list()
    {
        RolloutHistory.Of(new V1Alpha1ManagedContainer()).ShouldBeEmpty();
    }
}
