using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Cli.Commands;

namespace KubeContainers.Cli.Tests.Commands;

/// <summary>When <c>wait</c> is over: it holds, it fails at once (Stalled, Failed), or it goes on.</summary>
public sealed class VerdictTests
{
    private static V1Alpha1ManagedContainer Container(string phase, long generation = 1, long? observed = 1, params V1Condition[] conditions) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", Generation = generation },
        Status = new ManagedContainerStatus { Phase = phase, ObservedGeneration = observed, Conditions = [.. conditions] },
    };

    private static V1Condition Condition(string type, string status, string reason, string message = "") =>
        new() { Type = type, Status = status, Reason = reason, Message = message };

    [Fact]
    public void Ready_holds_once_the_current_generation_is_ready()
    {
        Verdict.Judge(Container("Running", conditions: Condition("Ready", "True", "Ready")), WaitGoal.Ready, "web").ShouldBe(Verdict.Done);
    }

    [Fact]
    public void A_status_of_an_older_generation_decides_nothing()
    {
        var stale = Container("Failed", generation: 2, observed: 1, Condition("Ready", "False", "ImagePullFailed", "bad image"));

        Verdict.Judge(stale, WaitGoal.Ready, "web").ShouldBe(Verdict.Pending);
    }

    [Fact]
    public void Failed_fails_with_readys_reason()
    {
        var failed = Container("Failed", conditions: Condition("Ready", "False", "ImagePullFailed", "cannot pull example.com/x"));

        Verdict.Judge(failed, WaitGoal.Ready, "web").Failure.ShouldBe("web is Failed: ImagePullFailed: cannot pull example.com/x");
    }

    [Fact]
    public void Stalled_is_named_before_failed()
    {
        var stalled = Container("Failed", conditions: [Condition("Ready", "False", "InvalidSpec", "x"), Condition("Stalled", "True", "InvalidSpec", "spec.replicas: too many")]);

        Verdict.Judge(stalled, WaitGoal.Ready, "web").Failure.ShouldBe("web is Stalled: InvalidSpec: spec.replicas: too many");
    }

    [Fact]
    public void Deploying_goes_on()
    {
        Verdict.Judge(Container("Deploying", conditions: Condition("Ready", "False", "Deploying")), WaitGoal.Ready, "web").ShouldBe(Verdict.Pending);
    }

    [Fact]
    public void Completed_holds_on_succeeded_and_fails_on_a_failed_job()
    {
        Verdict.Judge(Container("Succeeded"), WaitGoal.Completed, "job").ShouldBe(Verdict.Done);
        Verdict.Judge(Container("Failed", conditions: Condition("Ready", "False", "JobFailed", "exit code 1")), WaitGoal.Completed, "job")
            .Failure.ShouldBe("job is Failed: JobFailed: exit code 1");
    }

    [Fact]
    public void Deleted_holds_only_when_gone_and_gone_fails_the_other_goals()
    {
        Verdict.Judge(null, WaitGoal.Deleted, "web").ShouldBe(Verdict.Done);
        Verdict.Judge(Container("Failed"), WaitGoal.Deleted, "web").ShouldBe(Verdict.Pending);
        Verdict.Judge(null, WaitGoal.Ready, "web").Failure.ShouldBe("web was deleted");
    }
}
