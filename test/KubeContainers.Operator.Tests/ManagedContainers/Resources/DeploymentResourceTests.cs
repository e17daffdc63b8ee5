using KubeContainers.Api;
using KubeContainers.Operator.ManagedContainers;
using KubeContainers.Operator.ManagedContainers.Resources;

namespace KubeContainers.Operator.Tests.ManagedContainers.Resources;

public sealed class DeploymentResourceTests
{
    private static ManagedContainerSpec Web(int? replicas = null, bool? stopped = null) =>
        new() { Image = "nginx", Port = 8080, Replicas = replicas, Stopped = stopped };

    [Fact]
    public void There_is_none_in_one_shot_mode()
    {
        DeploymentResource.Make(Cases.Input(new ManagedContainerSpec { Image = "nginx", Mode = WorkloadModes.OneShot })).ShouldBeNull();
        DeploymentResource.Make(Cases.Input(new ManagedContainerSpec { Image = "nginx", Mode = WorkloadModes.Persistent })).ShouldNotBeNull();
    }

    [Theory]
    [InlineData(null, false, false, 1)]
    [InlineData(3, false, false, 3)]
    [InlineData(0, false, false, 0)]
    [InlineData(3, true, false, 0)]
    [InlineData(3, false, true, 0)]
    public void Replicas_are_zero_when_suspended_or_stopped(int? replicas, bool suspended, bool stopped, int expected)
    {
        var input = Cases.Input(Web(replicas, stopped ? true : null), suspended: suspended);
        DeploymentResource.Make(input)!.Spec.Replicas.ShouldBe(expected);
    }

    [Fact]
    public void It_rolls_with_a_surge_and_nothing_unavailable_and_the_rollout_deadline()
    {
        var input = Cases.Input(new ManagedContainerSpec { Image = "nginx", Rollout = new RolloutSpec { ProgressDeadlineSeconds = 90 } });
        var spec = DeploymentResource.Make(input)!.Spec;
        spec.Strategy.Type.ShouldBe("RollingUpdate");
        spec.Strategy.RollingUpdate.MaxSurge.Value.ShouldBe("1");
        spec.Strategy.RollingUpdate.MaxUnavailable.Value.ShouldBe("0");
        spec.ProgressDeadlineSeconds.ShouldBe(90);
        spec.RevisionHistoryLimit.ShouldBe(10);
        spec.Template.Spec.RestartPolicy.ShouldBe("Always");

        DeploymentResource.Make(Cases.Input(Web()))!.Spec.ProgressDeadlineSeconds.ShouldBe(ManagedContainerDefaults.ProgressDeadlineSeconds);
    }

    [Fact]
    public void With_read_write_once_volumes_it_recreates_instead_of_surging()
    {
        var input = Cases.Input(new ManagedContainerSpec
        {
            Image = "nginx",
            Volumes = [new VolumeSpec { Name = "data", MountPath = "/data", Size = "1Gi" }],
        });
        var strategy = DeploymentResource.Make(input)!.Spec.Strategy;
        strategy.Type.ShouldBe("Recreate");
        strategy.RollingUpdate.ShouldBeNull();
    }

    [Fact]
    public void It_is_named_labelled_and_owned_like_every_child()
    {
        var input = Cases.Input(Web());
        var deployment = DeploymentResource.Make(input)!;
        deployment.ApiVersion.ShouldBe("apps/v1");
        deployment.Kind.ShouldBe("Deployment");
        deployment.Metadata.Name.ShouldBe("app");
        deployment.Metadata.NamespaceProperty.ShouldBe(Cases.Namespace);
        deployment.Metadata.Labels.ShouldBe(Labels.For(input.Container), ignoreOrder: true);
        var owner = deployment.Metadata.OwnerReferences.ShouldHaveSingleItem();
        owner.ApiVersion.ShouldBe("kubecontainers.io/v1alpha1");
        owner.Kind.ShouldBe("ManagedContainer");
        owner.Name.ShouldBe("app");
        owner.Uid.ShouldBe(input.Container.Metadata.Uid);
        owner.Controller.ShouldBe(true);
        owner.BlockOwnerDeletion.ShouldBe(true);
    }

    [Fact]
    public void The_selector_matches_the_template_labels()
    {
        var spec = DeploymentResource.Make(Cases.Input(Web()))!.Spec;
        spec.Selector.MatchLabels.ShouldBe(Labels.Selector("app"));
        foreach (var (key, value) in spec.Selector.MatchLabels)
        {
            spec.Template.Metadata.Labels.ShouldContainKeyAndValue(key, value);
        }
    }
}
