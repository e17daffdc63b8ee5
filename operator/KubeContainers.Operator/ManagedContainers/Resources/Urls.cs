using System.Globalization;
using KubeContainers.Api;

namespace KubeContainers.Operator.ManagedContainers.Resources;

/// <summary>The host and URLs a ManagedContainer is reached at; the Ingress and the status use the same ones.</summary>
public static class Urls
{
    /// <summary>Public ingress needs a port to route to; the CRD refuses public without one, checked again here.</summary>
    public static bool IsPublic(BuildInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var spec = input.Container.Spec;
        return spec.Port is not null && ManagedContainerDefaults.EffectiveIngress(spec) == IngressModes.Public;
    }

    /// <summary><c>spec.networking.host</c>, else <c>&lt;name&gt;-&lt;namespace&gt;.&lt;baseDomain&gt;</c>.</summary>
    public static string Host(BuildInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var metadata = input.Container.Metadata;
        return input.Container.Spec.Networking?.Host
            ?? Names.DefaultHost(metadata.Name, metadata.NamespaceProperty, input.Settings.BaseDomain);
    }

    /// <summary>TLS asked for (or on by default) and an issuer to get a certificate from: without the issuer there
    /// is no certificate, so claiming https would hand out a URL that does not work.</summary>
    public static bool TlsEnabled(BuildInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var tls = input.Container.Spec.Networking?.Tls ?? input.Settings.TlsByDefault;
        return tls && !string.IsNullOrEmpty(input.Settings.TlsIssuer);
    }

    /// <summary>The public URL (<c>status.url</c>); null without public ingress.</summary>
    public static string? Url(BuildInput input) =>
        !IsPublic(input) ? null : (TlsEnabled(input) ? "https://" : "http://") + Host(input);

    /// <summary><c>http://&lt;service&gt;.&lt;namespace&gt;.svc.cluster.local:&lt;port&gt;</c>; null without a port.</summary>
    public static string? InternalUrl(BuildInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var container = input.Container;
        return container.Spec.Port is { } port
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"http://{Names.Service(container.Metadata.Name)}.{container.Metadata.NamespaceProperty}.svc.cluster.local:{port}")
            : null;
    }
}
