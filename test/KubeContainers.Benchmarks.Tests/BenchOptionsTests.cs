using KubeContainers.Benchmarks;

namespace KubeContainers.Benchmarks.Tests;

/// <summary>The flags of the targeted startup run (<c>--startup-only</c>), without a run.</summary>
public sealed class BenchOptionsTests
{
    [Fact]
    public void The_startup_only_run_takes_its_restarts_and_the_builds_to_compare()
    {
        var options = BenchOptions.Parse(
            ["--startup-only", "--startup-restarts", "2", "--startup-compare-dll", "a.dll", "--startup-compare-dll", "b.dll", "--scale", "0.5"], _ => null);

        options.StartupOnly.ShouldBeTrue();
        options.StartupRestarts.ShouldBe(2);
        options.StartupCompareDlls.ShouldBe(["a.dll", "b.dll"]);
        options.LargeCount.ShouldBe(5000);
    }

    [Fact]
    public void Without_the_flags_the_run_is_the_full_one_and_a_startup_only_run_would_time_three_restarts_of_one_build()
    {
        var options = BenchOptions.Parse([], _ => null);

        options.StartupOnly.ShouldBeFalse();
        options.StartupRestarts.ShouldBe(3);
        options.StartupCompareDlls.ShouldBeEmpty();
        Should.Throw<ArgumentException>(() => BenchOptions.Parse(["--startup-restarts", "0"], _ => null));
    }

    [Fact]
    public void A_run_is_either_startup_only_or_churn_only()
    {
        BenchOptions.Parse(["--churn-only"], _ => null).ChurnOnly.ShouldBeTrue();
        Should.Throw<ArgumentException>(() => BenchOptions.Parse(["--startup-only", "--churn-only"], _ => null))
            .Message.ShouldContain("--churn-only");
    }
}
