namespace KubeContainers.LocalCluster.Controllers.Nodes;

/// <summary>
/// A CRI runtime handler a node's container runtime is configured with, as the kubelet reports it in
/// <c>status.runtimeHandlers</c> (Kubernetes 1.30+). <c>""</c> is the runtime's default handler. A RuntimeClass's
/// <c>handler</c> must name one of them, or the pod's sandbox cannot be created on that node.
/// </summary>
public sealed record NodeRuntimeHandler(string Name, bool RecursiveReadOnlyMounts = false, bool UserNamespaces = false)
{
    /// <summary>containerd's default runtime (runc), listed under "" as the kubelet does.</summary>
    public static NodeRuntimeHandler Default { get; } = new("", RecursiveReadOnlyMounts: true, UserNamespaces: true);

    /// <summary>runc under its own name: containerd lists the default runtime both ways.</summary>
    public static NodeRuntimeHandler Runc { get; } = new("runc", RecursiveReadOnlyMounts: true, UserNamespaces: true);

    /// <summary>gVisor.</summary>
    public static NodeRuntimeHandler Runsc { get; } = new("runsc");

    /// <summary>Kata Containers on QEMU, as kata-deploy names it.</summary>
    public static NodeRuntimeHandler KataQemu { get; } = new("kata-qemu");

    /// <summary>Kata Containers on Firecracker, as kata-deploy names it.</summary>
    public static NodeRuntimeHandler KataFc { get; } = new("kata-fc");
}
