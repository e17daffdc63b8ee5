using k8s.Models;
using KubeContainers.Runtime.Controller;

namespace KubeContainers.Runtime.Tests.Controller;

/// <summary>Which of the kinds a controller reads in its key's namespace list after the kinds read whole.</summary>
public sealed class ListOrderTests
{
    [Fact]
    public void A_kind_read_in_the_key_namespace_lists_after_the_others_unless_declared_to_list_first()
    {
        var builder = new ControllerBuilder("test", defaultWorkers: 1)
            .ReadsInKeyNamespaceOnly<V1Secret>()
            .ReadsInKeyNamespaceOnly<V1ConfigMap>(listFirst: true);

        // Both still wait only for their key's namespace; only the Secrets wait for the whole kinds to list.
        builder.ReadsInKeyNamespace.ShouldBe([typeof(V1Secret), typeof(V1ConfigMap)], ignoreOrder: true);
        builder.ListsLater.ShouldBe([typeof(V1Secret)]);
    }

    [Fact]
    public void The_last_declaration_of_a_kind_decides_when_it_lists()
    {
        var builder = new ControllerBuilder("test", defaultWorkers: 1)
            .ReadsInKeyNamespaceOnly<V1Secret>(listFirst: true)
            .ReadsInKeyNamespaceOnly<V1Secret>();

        builder.ListsLater.ShouldBe([typeof(V1Secret)]);
    }

    [Fact]
    public void The_gate_tells_the_host_which_kinds_list_later()
    {
        var gate = new SyncGate(() => [], new HashSet<Type> { typeof(V1Secret), typeof(V1ConfigMap) }, new HashSet<Type> { typeof(V1Secret) });
        gate.ListsLater.ShouldBe([typeof(V1Secret)]);
        new SyncGate(() => [], new HashSet<Type> { typeof(V1Secret) }).ListsLater.ShouldBe([typeof(V1Secret)]);
    }
}
