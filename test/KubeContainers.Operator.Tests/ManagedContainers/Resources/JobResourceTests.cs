using KubeContainers.Api;
using KubeContainers.Operator.ManagedContainers.Resources;

namespace KubeContainers.Operator.Tests.ManagedContainers.Resources;

public sealed class JobResourceTests
{
    private static ManagedContainerSpec OneShot(int? replicas = null, bool? stopped = null) =>
        new() { Image = "busybox", Command = ["true"], Mode = WorkloadModes.OneShot, Replicas = replicas, Stopped = stopped };

    [Fact]
    public void There_is_none_in_persistent_mode()
    {
        JobResource.Make(Cases.Input(new ManagedContainerSpec { Image = "nginx" })).ShouldBeNull();
        JobResource.Make(Cases.Input(new ManagedContainerSpec { Image = "nginx", Mode = WorkloadModes.Persistent })).ShouldBeNull();
    }

    [Fact]
    public void It_runs_once_without_retries_and_never_restarts_the_pod()
    {
        var job = JobResource.Make(Cases.Input(OneShot()))!;
        job.ApiVersion.ShouldBe("batch/v1");
        job.Kind.ShouldBe("Job");
        job.Spec.BackoffLimit.ShouldBe(0);
        job.Spec.Suspend.ShouldBe(false);
        job.Spec.Template.Spec.RestartPolicy.ShouldBe("Never");
        job.Metadata.OwnerReferences.ShouldHaveSingleItem().Controller.ShouldBe(true);
        job.Spec.Selector.ShouldBeNull();
    }

    [Theory]
    [InlineData(null, false, false, false)]
    [InlineData(1, false, false, false)]
    [InlineData(0, false, false, true)]
    [InlineData(1, true, false, true)]
    [InlineData(1, false, true, true)]
    public void It_is_suspended_when_suspended_stopped_or_at_zero_replicas(int? replicas, bool suspended, bool stopped, bool expected)
    {
        var input = Cases.Input(OneShot(replicas, stopped ? true : null), suspended: suspended);
        JobResource.Make(input)!.Spec.Suspend.ShouldBe(expected);
    }
}
