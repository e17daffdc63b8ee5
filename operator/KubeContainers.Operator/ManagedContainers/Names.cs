namespace KubeContainers.Operator.ManagedContainers;

/// <summary>
/// Deterministic child names, so a reconcile finds its children by name and a second operator replica picks the
/// same ones. The API's name limits (CEL) keep every result a valid name.
/// </summary>
public static class Names
{
    /// <summary>Deployment, Job, Service, Ingress and NetworkPolicy share the ManagedContainer's name.</summary>
    public static string Workload(string containerName) => containerName;

    public static string Service(string containerName) => containerName;

    public static string Ingress(string containerName) => containerName;

    /// <summary>The Service of type LoadBalancer for <c>spec.networking.loadBalancer</c>; the CRD keeps the
    /// container's name at most 60 characters when it is asked for, so this fits a Service name's 63.</summary>
    public static string LoadBalancerService(string containerName) => $"{containerName}-lb";

    public static string NetworkPolicy(string containerName) => containerName;

    /// <summary>One claim per volume: <c>&lt;container&gt;-&lt;volume&gt;</c>.</summary>
    public static string Claim(string containerName, string volumeName) => $"{containerName}-{volumeName}";

    /// <summary>The ConfigMap the container owns for the inline contents of <c>spec.files</c>.</summary>
    public static string FilesConfigMap(string containerName) => $"{containerName}-files";

    /// <summary>cert-manager writes the certificate of a TLS Ingress into this Secret.</summary>
    public static string TlsSecret(string containerName) => $"{containerName}-tls";

    /// <summary>Shared by every ManagedContainer of the profile; the prefix keeps clear of RuntimeClasses an admin or
    /// kata-deploy installed under the handler's name.</summary>
    public static string RuntimeClass(string sandboxProfile) => $"kubecontainers-{sandboxProfile}";

    /// <summary>The one container in every pod.</summary>
    public const string AppContainer = "app";

    /// <summary>The named container and Service port of the <c>spec.port</c> shorthand.</summary>
    public const string HttpPort = KubeContainers.Api.ManagedContainerPorts.ShorthandName;

    /// <summary>Default public host: <c>&lt;name&gt;-&lt;namespace&gt;.&lt;baseDomain&gt;</c>.</summary>
    public static string DefaultHost(string containerName, string @namespace, string baseDomain) =>
        $"{containerName}-{@namespace}.{baseDomain}";
}
