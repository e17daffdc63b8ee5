using k8s.Models;
using KubeContainers.Api;

namespace KubeContainers.Operator.ManagedContainers.Resources;

/// <summary>The Ingress of a public ManagedContainer, to its HTTP port; none for private or no ingress.</summary>
public static class IngressResource
{
    /// <summary>cert-manager's ingress-shim reads it and issues the certificate into the TLS Secret.</summary>
    public const string ClusterIssuerAnnotation = "cert-manager.io/cluster-issuer";

    public static V1Ingress? Make(BuildInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!Urls.IsPublic(input))
        {
            return null;
        }

        var container = input.Container;
        var name = container.Metadata.Name;
        var host = Urls.Host(input);
        var tls = Urls.TlsEnabled(input);
        var metadata = ChildMetadata.For(container, Names.Ingress(name));
        // The only annotation ever set: controller annotations such as ingress-nginx snippets run with the
        // controller's privileges, so none come from the spec.
        metadata.Annotations = tls ? new Dictionary<string, string> { [ClusterIssuerAnnotation] = input.Settings.TlsIssuer! } : null;
        return new V1Ingress
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "Ingress",
            Metadata = metadata,
            Spec = new V1IngressSpec
            {
                IngressClassName = input.Settings.IngressClass,
                Rules =
                [
                    new V1IngressRule
                    {
                        Host = host,
                        Http = new V1HTTPIngressRuleValue
                        {
                            Paths =
                            [
                                new V1HTTPIngressPath
                                {
                                    Path = "/",
                                    PathType = "Prefix",
                                    Backend = new V1IngressBackend
                                    {
                                        Service = new V1IngressServiceBackend
                                        {
                                            Name = Names.Service(name),
                                            Port = new V1ServiceBackendPort { Number = ManagedContainerPorts.Http(container.Spec)!.Port },
                                        },
                                    },
                                },
                            ],
                        },
                    },
                ],
                Tls = tls ? [new V1IngressTLS { Hosts = [host], SecretName = Names.TlsSecret(name) }] : null,
            },
        };
    }
}
