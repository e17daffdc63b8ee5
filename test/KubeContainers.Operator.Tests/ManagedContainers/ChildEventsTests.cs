using k8s.Models;
using KubeContainers.Operator.ManagedContainers;
using KubeContainers.Runtime.Cache;

namespace KubeContainers.Operator.Tests.ManagedContainers;

/// <summary>Only the Warnings the diagnosis reads, about our own objects, cut down and labelled with their container.</summary>
public sealed class ChildEventsTests
{
    private static Corev1Event Event(string type = "Warning", string reason = "FailedCreatePodSandBox", string kind = "Pod", string message = "no runtime") => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "web-1.abc",
            NamespaceProperty = "shop",
            Uid = "e1",
            ResourceVersion = "7",
            Annotations = new Dictionary<string, string> { ["x"] = "y" },
            ManagedFields = [new V1ManagedFieldsEntry { Manager = "kubelet" }],
        },
        InvolvedObject = new V1ObjectReference { Kind = kind, Name = "web-1", NamespaceProperty = "shop", Uid = "p1", ApiVersion = "v1", ResourceVersion = "3" },
        Type = type,
        Reason = reason,
        Message = message,
        Count = 4,
        Source = new V1EventSource { Component = "kubelet", Host = "node-1" },
        ReportingComponent = "kubelet",
    };

    private static string? Ours(V1ObjectReference involved) => involved.Uid == "p1" ? "web" : null;

    [Fact]
    public void Keeps_a_diagnosed_Warning_about_our_pod_trimmed_and_labelled()
    {
        var kept = ChildEvents.Keep(Event(), Ours).ShouldNotBeNull();

        kept.Metadata.Labels.ShouldBe(new Dictionary<string, string> { [Labels.Container] = "web" });
        kept.Metadata.Annotations.ShouldBeNull();
        kept.Metadata.ManagedFields.ShouldBeNull();
        kept.Source.ShouldBeNull();
        kept.ReportingComponent.ShouldBeNull();
        kept.InvolvedObject.Uid.ShouldBe("p1");
        kept.InvolvedObject.ResourceVersion.ShouldBeNull();
        (kept.Reason, kept.Message, kept.Count).ShouldBe(("FailedCreatePodSandBox", "no runtime", 4));
    }

    [Fact]
    public void Leaves_out_Normal_Events_other_reasons_and_objects_not_ours()
    {
        ChildEvents.Keep(Event(type: "Normal", reason: "Scheduled"), Ours).ShouldBeNull();
        ChildEvents.Keep(Event(reason: "BackOff"), Ours).ShouldBeNull();
        ChildEvents.Keep(Event(), _ => null).ShouldBeNull();
    }

    [Fact]
    public void Cuts_a_long_message()
    {
        var kept = ChildEvents.Keep(Event(message: new string('x', 5000)), Ours)!;

        kept.Message.Length.ShouldBe(ChildEvents.MaxMessage);
    }

    [Fact]
    public void Wakes_on_a_new_Event_or_a_new_message_not_on_a_count_going_up()
    {
        var first = ChildEvents.Keep(Event(), Ours)!;
        var repeated = ChildEvents.Keep(Event(), Ours)!;
        var changed = ChildEvents.Keep(Event(message: "another cause"), Ours)!;

        ChildEvents.Changed(new ObjectEvent<Corev1Event>(ObjectEventType.Added, first)).ShouldBeTrue();
        ChildEvents.Changed(new ObjectEvent<Corev1Event>(ObjectEventType.Modified, repeated, first)).ShouldBeFalse();
        ChildEvents.Changed(new ObjectEvent<Corev1Event>(ObjectEventType.Modified, changed, first)).ShouldBeTrue();
    }
}
