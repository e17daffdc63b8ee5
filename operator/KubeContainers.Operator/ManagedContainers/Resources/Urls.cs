using System.Globalization;
using KubeContainers.Api;

namespace KubeContainers.Operator.ManagedContainers.Resources;

/// <summary>The host and URLs a ManagedContainer is reached at; the Ingress and the status use the same ones.</summary>
public static class Urls
{
    /// <summary>Public ingress needs an HTTP port to route to; the CRD refuses public without one, checked again here.</summary>
    public static bool IsPublic(BuildInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var spec = input.Container.Spec;
        return ManagedContainerPorts.Http(spec) is not null && ManagedContainerDefaults.EffectiveIngress(spec) == IngressModes.Public;
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

    /// <summary><c>http://&lt;service&gt;.&lt;namespace&gt;.svc.cluster.local:&lt;port&gt;</c> of the HTTP port; null
    /// without one (a URL of a database port would claim it speaks HTTP).</summary>
    public static string? InternalUrl(BuildInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return ManagedContainerPorts.Http(input.Container.Spec) is { } http ? "http://" + InternalAddress(input, http.Port) : null;
    }

    /// <summary><c>&lt;service&gt;.&lt;namespace&gt;.svc.cluster.local:&lt;port&gt;</c>: a port's in-cluster address,
    /// the DNS name every cluster gives a Service (the cluster domain cluster.local, as in <see cref="InternalUrl"/>).</summary>
    public static string InternalAddress(BuildInput input, int port)
    {
        ArgumentNullException.ThrowIfNull(input);
        var metadata = input.Container.Metadata;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Names.Service(metadata.Name)}.{metadata.NamespaceProperty}.svc.cluster.local:{port}");
    }
}
