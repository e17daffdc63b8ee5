using KubeContainers.LocalCluster.Controllers;
using KubeContainers.LocalCluster.Controllers.Kubelet;
using KubeContainers.LocalCluster.Controllers.Kubelet.Images;
using KubeContainers.LocalCluster.Controllers.Networking;
using KubeContainers.LocalCluster.Controllers.Nodes;
using KubeContainers.LocalCluster.Controllers.Storage;

namespace KubeContainers.LocalCluster;

/// <summary>How a local cluster starts. Every setting has a default that suits tests.</summary>
public sealed record LocalClusterOptions
{
    /// <summary>Port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Where to write the kubeconfig; a temporary file when null.</summary>
    public string? KubeconfigPath { get; init; }

    /// <summary>How many changes the store keeps for watches resuming from a resourceVersion; older ones get 410 Gone.</summary>
    public int WatchHistory { get; init; } = 200_000;

    /// <summary>How often an idle watch that asked for bookmarks gets one.</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Run the simulated controllers (deployments, pods, jobs, services, garbage collection...).</summary>
    public bool EnableControllers { get; init; } = true;

    /// <summary>How long a default pod takes from scheduled to Running and Ready.</summary>
    public TimeSpan PodReadyDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// The simulated nodes: by default two linux/amd64 (one with the Kata label, one with 2 GPUs) and one linux/arm64.
    /// Each runs the runtime handlers of <see cref="NodeSpec.RuntimeHandlers"/> (default <c>""</c>, <c>runc</c>, <c>runsc</c>;
    /// the Kata node also <c>kata-qemu</c> and <c>kata-fc</c>), reported in <c>status.runtimeHandlers</c>.
    /// </summary>
    public IReadOnlyList<NodeSpec> Nodes { get; init; } = NodeSpec.Defaults;

    /// <summary>
    /// Pod behaviour rules tried before the built-in ones (first match on a container image wins); see
    /// Controllers/README.md for the built-in table.
    /// </summary>
    public IReadOnlyList<PodRule> PodRules { get; init; } = [];

    /// <summary>
    /// Images the test describes (user, ports, what they answer), tried before <see cref="ImageCatalogue.BuiltIn"/>:
    /// the kubelet checks runAsNonRoot against the image's user and probes against what it serves.
    /// </summary>
    public IReadOnlyList<ImageMetadata> Images { get; init; } = [];

    /// <summary>
    /// How long a pod bound to a deleted Node is left before the pod garbage collector fails and deletes it
    /// (kube-controller-manager's 40 s quarantine; shorter in tests).
    /// </summary>
    public TimeSpan OrphanedPodQuarantine { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>How long a <c>slow-start</c> pod stays Running but not Ready.</summary>
    public TimeSpan SlowStartDelay { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// First back-off between container restarts and image pull retries (CrashLoopBackOff, ImagePullBackOff, failed Job pods);
    /// it doubles per restart up to 32 times this. The kubelet's 10 s is too slow for tests.
    /// </summary>
    public TimeSpan RestartBackOff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The StorageClasses seeded at start: kind's <c>standard</c> (default class, rancher.io/local-path,
    /// WaitForFirstConsumer, no volume expansion) unless told otherwise; empty seeds none.
    /// </summary>
    public IReadOnlyList<StorageClassSpec> StorageClasses { get; init; } = StorageClassSpec.KindDefaults;

    /// <summary>The IngressClass seeded at start and served by the simulated ingress controller; null seeds none.</summary>
    public string? IngressClassName { get; init; } = "nginx";

    /// <summary>spec.controller of the seeded IngressClass: ingresses of every class naming this controller get an address.</summary>
    public string IngressController { get; init; } = "k8s.io/ingress-nginx";

    /// <summary>Whether the seeded IngressClass is the default one (ingresses without a class get it at admission).</summary>
    public bool IngressClassIsDefault { get; init; } = true;

    /// <summary>
    /// What the ingress controller writes into status.loadBalancer.ingress: an IP, or a hostname when not an IP; null
    /// for a controller that publishes no address (ingress-nginx without <c>--publish-service</c>, many bare-metal setups).
    /// </summary>
    public string? IngressAddress { get; init; } = "127.0.0.1";

    /// <summary>
    /// RuntimeClasses seeded at start, as kata-deploy installs them: handler = name, pod overhead, and
    /// scheduling.nodeSelector <c>katacontainers.io/kata-runtime: "true"</c>. Empty by default, so naming one is refused.
    /// </summary>
    public IReadOnlyList<string> KataRuntimeClasses { get; init; } = [];

    /// <summary>
    /// An IPv4 CIDR the optional load balancer controller hands out to Services of type LoadBalancer (as
    /// cloud-provider-kind or MetalLB would); null, the default, runs none, so such Services stay pending for ever,
    /// as on stock kind.
    /// </summary>
    public string? LoadBalancerAddresses { get; init; }
}
