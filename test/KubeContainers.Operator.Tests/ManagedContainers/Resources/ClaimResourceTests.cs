using KubeContainers.Api;
using KubeContainers.Operator.ManagedContainers;
using KubeContainers.Operator.ManagedContainers.Resources;

namespace KubeContainers.Operator.Tests.ManagedContainers.Resources;

public sealed class ClaimResourceTests
{
    [Fact]
    public void No_volumes_no_claims()
    {
        ClaimResource.Make(Cases.Input(new ManagedContainerSpec { Image = "nginx" })).ShouldBeEmpty();
    }

    [Fact]
    public void One_read_write_once_claim_per_volume_in_the_spec_order()
    {
        var input = Cases.Input(new ManagedContainerSpec
        {
            Image = "nginx",
            Volumes =
            [
                new VolumeSpec { Name = "logs", MountPath = "/logs", Size = "1Gi" },
                new VolumeSpec { Name = "data", MountPath = "/data", Size = "10Gi", StorageClassName = "fast" },
            ],
        });
        var claims = ClaimResource.Make(input);
        claims.Select(c => c.Metadata.Name).ShouldBe(["app-logs", "app-data"]);
        claims.ShouldAllBe(c => c.Kind == "PersistentVolumeClaim" && c.ApiVersion == "v1" && c.Metadata.NamespaceProperty == Cases.Namespace);
        claims.ShouldAllBe(c => c.Spec.AccessModes.Single() == "ReadWriteOnce");
        claims[0].Spec.StorageClassName.ShouldBeNull();
        claims[1].Spec.StorageClassName.ShouldBe("fast");
        claims[1].Spec.Resources.Requests["storage"].ToString().ShouldBe("10Gi");
    }

    [Fact]
    public void A_retained_claim_has_no_owner_and_says_so_the_others_are_owned()
    {
        var input = Cases.Input(new ManagedContainerSpec
        {
            Image = "nginx",
            Volumes =
            [
                new VolumeSpec { Name = "keep", MountPath = "/keep", Size = "1Gi", Retain = true },
                new VolumeSpec { Name = "drop", MountPath = "/drop", Size = "1Gi", Retain = false },
            ],
        });
        var claims = ClaimResource.Make(input);
        claims[0].Metadata.OwnerReferences.ShouldBeNull();
        claims[0].Metadata.Labels.ShouldContainKeyAndValue(Labels.Retain, "true");
        claims[0].Metadata.Labels.ShouldContainKeyAndValue(Labels.ManagedBy, Labels.ManagedByValue);
        claims[1].Metadata.OwnerReferences.ShouldHaveSingleItem().Uid.ShouldBe(input.Container.Metadata.Uid);
        claims[1].Metadata.Labels.ShouldNotContainKey(Labels.Retain);
    }
}
