using KubeContainers.Api;
using KubeContainers.Operator.ManagedContainers.Resources;

namespace KubeContainers.Operator.Tests.ManagedContainers.Resources;

public sealed class IngressResourceTests
{
    private static ManagedContainerSpec Web(string? ingress = null, bool? tls = null, string? host = null) =>
        new() { Image = "nginx", Port = 8080, Networking = new NetworkingSpec { Ingress = ingress, Tls = tls, Host = host } };

    [Theory]
    [InlineData(IngressModes.Private)]
    [InlineData(IngressModes.None)]
    public void There_is_none_unless_public(string ingress)
    {
        IngressResource.Make(Cases.Input(Web(ingress))).ShouldBeNull();
        Urls.Url(Cases.Input(Web(ingress))).ShouldBeNull();
    }

    [Fact]
    public void There_is_none_without_a_port()
    {
        var worker = Cases.Input(new ManagedContainerSpec { Image = "worker" });
        IngressResource.Make(worker).ShouldBeNull();
        Urls.Url(worker).ShouldBeNull();
        Urls.InternalUrl(worker).ShouldBeNull();
    }

    [Fact]
    public void Without_an_issuer_there_is_no_tls_and_the_url_is_http_even_when_tls_is_asked_for()
    {
        var input = Cases.Input(Web(tls: true));
        var ingress = IngressResource.Make(input)!;
        ingress.Spec.Tls.ShouldBeNull();
        ingress.Metadata.Annotations.ShouldBeNull();
        Urls.TlsEnabled(input).ShouldBeFalse();
        Urls.Url(input).ShouldBe("http://app-team-a.kubecontainers.localhost");
    }

    [Fact]
    public void With_an_issuer_tls_is_on_by_default_with_the_issuer_annotation_and_an_https_url()
    {
        var input = Cases.Input(Web(), Cases.WithIssuer);
        var ingress = IngressResource.Make(input)!;
        var tls = ingress.Spec.Tls.ShouldHaveSingleItem();
        tls.Hosts.ShouldBe(["app-team-a.kubecontainers.localhost"]);
        tls.SecretName.ShouldBe("app-tls");
        ingress.Metadata.Annotations.ShouldBe(new Dictionary<string, string> { [IngressResource.ClusterIssuerAnnotation] = "letsencrypt" });
        Urls.Url(input).ShouldBe("https://app-team-a.kubecontainers.localhost");
    }

    [Fact]
    public void Tls_false_turns_it_off_even_with_an_issuer()
    {
        var input = Cases.Input(Web(tls: false), Cases.WithIssuer);
        IngressResource.Make(input)!.Spec.Tls.ShouldBeNull();
        IngressResource.Make(input)!.Metadata.Annotations.ShouldBeNull();
        Urls.Url(input).ShouldBe("http://app-team-a.kubecontainers.localhost");
    }

    [Fact]
    public void Tls_by_default_off_needs_tls_true()
    {
        var settings = Cases.WithIssuer with { TlsByDefault = false };
        Urls.Url(Cases.Input(Web(), settings)).ShouldStartWith("http://");
        Urls.Url(Cases.Input(Web(tls: true), settings)).ShouldStartWith("https://");
    }

    [Theory]
    [MemberData(nameof(Cases.Names), MemberType = typeof(Cases))]
    public void No_annotation_but_the_issuer_ever(string name)
    {
        var annotations = IngressResource.Make(Cases.All[name])?.Metadata.Annotations ?? new Dictionary<string, string>();
        annotations.Keys.ShouldAllBe(k => k == IngressResource.ClusterIssuerAnnotation);
    }

    [Fact]
    public void One_rule_for_the_host_routes_everything_to_the_service_port()
    {
        var ingress = IngressResource.Make(Cases.Input(Web(host: "www.example.com")))!;
        ingress.Spec.IngressClassName.ShouldBe("nginx");
        var rule = ingress.Spec.Rules.ShouldHaveSingleItem();
        rule.Host.ShouldBe("www.example.com");
        var path = rule.Http.Paths.ShouldHaveSingleItem();
        path.Path.ShouldBe("/");
        path.PathType.ShouldBe("Prefix");
        path.Backend.Service.Name.ShouldBe("app");
        path.Backend.Service.Port.Number.ShouldBe(8080);
    }

    [Fact]
    public void No_ingress_class_leaves_it_to_the_clusters_default()
    {
        var input = Cases.Input(Web(), Cases.Settings with { IngressClass = null });
        IngressResource.Make(input)!.Spec.IngressClassName.ShouldBeNull();
    }

    [Fact]
    public void Hosts_and_urls()
    {
        Urls.Host(Cases.Input(Web())).ShouldBe("app-team-a.kubecontainers.localhost");
        Urls.Host(Cases.Input(Web(host: "shop.example.com"))).ShouldBe("shop.example.com");
        Urls.Url(Cases.Input(Web(host: "shop.example.com"), Cases.WithIssuer)).ShouldBe("https://shop.example.com");
        Urls.InternalUrl(Cases.Input(Web(IngressModes.Private))).ShouldBe("http://app.team-a.svc.cluster.local:8080");
    }
}
