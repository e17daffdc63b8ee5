using KubeContainers.Api;
using KubeContainers.Operator.Plans;
using KubeContainers.Runtime.Cache;

namespace KubeContainers.Operator.Tests.Plans;

/// <summary>Which container events may make room under a plan, and so wake the containers waiting in its namespace.</summary>
public sealed class RoomMayChangeTests
{
    [Fact]
    public void A_status_write_of_a_container_that_holds_nothing_before_or_after_makes_no_room_and_does_not_throw()
    {
        var e = new ObjectEvent<V1Alpha1ManagedContainer>(ObjectEventType.Modified, Container(admitted: null), Container(admitted: null));

        PlanController.RoomMayChange(e).ShouldBeFalse();
    }

    [Fact]
    public void A_container_that_gives_up_what_it_held_may_make_room()
    {
        var e = new ObjectEvent<V1Alpha1ManagedContainer>(ObjectEventType.Modified, Container(admitted: null), Container(new PlanFootprint { Replicas = 1, Cpu = "1" }));

        PlanController.RoomMayChange(e).ShouldBeTrue();
    }

    [Fact]
    public void A_deletion_may_make_room_and_a_creation_does_not()
    {
        PlanController.RoomMayChange(new(ObjectEventType.Deleted, Container(admitted: null))).ShouldBeTrue();
        PlanController.RoomMayChange(new(ObjectEventType.Added, Container(admitted: null))).ShouldBeFalse();
    }

    private static V1Alpha1ManagedContainer Container(PlanFootprint? admitted) => new()
    {
        Metadata = new() { Name = "web", NamespaceProperty = "team-a" },
        Status = new ManagedContainerStatus { Admitted = admitted },
    };
}
