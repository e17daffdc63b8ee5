using KubeContainers.Cli;

namespace KubeContainers.Cli.Tests.Commands;

/// <summary>Durations as kubectl reads them (Go's ParseDuration) and ages as it prints them.</summary>
public sealed class DurationsTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("5m", 300)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5h", 5400)]
    [InlineData("0", 0)]
    public void Parses_go_durations(string text, double seconds)
    {
        Durations.TryParse(text).ShouldBe(TimeSpan.FromSeconds(seconds));
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("1 h")]
    [InlineData("1d")]
    [InlineData("h")]
    public void Refuses_what_is_not_a_duration(string text)
    {
        Durations.TryParse(text).ShouldBeNull();
    }

    [Theory]
    [InlineData(45, "45s")]
    [InlineData(150, "2m30s")]
    [InlineData(1800, "30m")]
    [InlineData(4 * 3600 + 120, "4h2m")]
    [InlineData(30 * 3600, "30h")]
    [InlineData(3 * 86400 + 7200, "3d2h")]
    [InlineData(40 * 86400, "40d")]
    public void Prints_ages_as_kubectl(int seconds, string age)
    {
        Durations.Human(TimeSpan.FromSeconds(seconds)).ShouldBe(age);
    }
}
