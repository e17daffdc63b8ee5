using KubeContainers.LocalCluster.Auth;

namespace KubeContainers.LocalCluster.Tests.Auth;

/// <summary>The attributes a request is authorized by, derived from its method, path and query as request.RequestInfoFactory does.</summary>
public sealed class RequestInfoTests
{
    private static readonly UserInfo Alice = new("alice", "", [UserInfo.Authenticated], UserInfo.Empty);

    [Theory]
    [InlineData("GET", "/api/v1/namespaces/shop/pods/web", null, null, "get", "", "pods", "", "shop", "web")]
    [InlineData("GET", "/api/v1/namespaces/shop/pods", null, null, "list", "", "pods", "", "shop", "")]
    [InlineData("GET", "/api/v1/pods", null, null, "list", "", "pods", "", "", "")]
    [InlineData("GET", "/api/v1/namespaces/shop/pods", "true", null, "watch", "", "pods", "", "shop", "")]
    [InlineData("GET", "/api/v1/namespaces/shop/pods", "false", null, "list", "", "pods", "", "shop", "")]
    [InlineData("GET", "/api/v1/namespaces/shop/pods", "1", "metadata.name=web", "watch", "", "pods", "", "shop", "web")]
    [InlineData("GET", "/api/v1/watch/namespaces/shop/pods", null, null, "watch", "", "pods", "", "shop", "")]
    [InlineData("POST", "/api/v1/namespaces/shop/configmaps", null, null, "create", "", "configmaps", "", "shop", "")]
    [InlineData("PUT", "/apis/apps/v1/namespaces/shop/deployments/web", null, null, "update", "apps", "deployments", "", "shop", "web")]
    [InlineData("PATCH", "/apis/kubecontainers.io/v1alpha1/namespaces/shop/managedcontainers/web/status", null, null, "patch", "kubecontainers.io", "managedcontainers", "status", "shop", "web")]
    [InlineData("DELETE", "/api/v1/namespaces/shop/pods/web", null, null, "delete", "", "pods", "", "shop", "web")]
    [InlineData("DELETE", "/api/v1/namespaces/shop/pods", null, null, "deletecollection", "", "pods", "", "shop", "")]
    [InlineData("POST", "/api/v1/namespaces/shop/serviceaccounts/bot/token", null, null, "create", "", "serviceaccounts", "token", "shop", "bot")]
    [InlineData("GET", "/api/v1/namespaces/shop", null, null, "get", "", "namespaces", "", "shop", "shop")]
    [InlineData("PUT", "/api/v1/namespaces/shop/finalize", null, null, "update", "", "namespaces", "finalize", "shop", "shop")]
    [InlineData("GET", "/api/v1/namespaces", null, null, "list", "", "namespaces", "", "", "")]
    [InlineData("GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles/view", null, null, "get", "rbac.authorization.k8s.io", "clusterroles", "", "", "view")]
    [InlineData("HEAD", "/api/v1/nodes/n1", null, null, "get", "", "nodes", "", "", "n1")]
    public void Resource_requests(string method, string path, string? watch, string? fieldSelector,
        string verb, string group, string resource, string subresource, string ns, string name)
    {
        var attributes = RequestInfo.Of(method, path, watch, fieldSelector, Alice);

        attributes.IsResourceRequest.ShouldBeTrue();
        (attributes.Verb, attributes.Group, attributes.Resource, attributes.Subresource, attributes.Namespace, attributes.Name)
            .ShouldBe((verb, group, resource, subresource, ns, name));
    }

    [Theory]
    [InlineData("GET", "/healthz", "get")]
    [InlineData("GET", "/api", "get")]
    [InlineData("GET", "/api/v1", "get")]
    [InlineData("GET", "/apis/apps/v1", "get")]
    [InlineData("POST", "/apis", "post")]
    [InlineData("GET", "/openapi/v3/apis/apps/v1", "get")]
    public void Non_resource_requests_use_the_lower_cased_method(string method, string path, string verb)
    {
        var attributes = RequestInfo.Of(method, path, null, null, Alice);

        attributes.IsResourceRequest.ShouldBeFalse();
        attributes.Verb.ShouldBe(verb);
        attributes.Path.ShouldBe(path);
    }

    [Theory]
    [InlineData("PATCH", "/apis/kubecontainers.io/v1alpha1/namespaces/shop/managedcontainers/web/status",
        "managedcontainers.kubecontainers.io \"web\" is forbidden: User \"alice\" cannot patch resource \"managedcontainers/status\" in API group \"kubecontainers.io\" in the namespace \"shop\"")]
    [InlineData("GET", "/api/v1/namespaces/shop/pods",
        "pods is forbidden: User \"alice\" cannot list resource \"pods\" in API group \"\" in the namespace \"shop\"")]
    [InlineData("GET", "/api/v1/nodes",
        "nodes is forbidden: User \"alice\" cannot list resource \"nodes\" in API group \"\" at the cluster scope")]
    [InlineData("GET", "/apis/apps/v1/deployments",
        "deployments.apps is forbidden: User \"alice\" cannot list resource \"deployments\" in API group \"apps\" at the cluster scope")]
    [InlineData("GET", "/logs",
        "forbidden: User \"alice\" cannot get path \"/logs\"")]
    public void Forbidden_messages_are_the_apiservers(string method, string path, string message) =>
        RequestInfo.Of(method, path, null, null, Alice).ForbiddenMessage("").ShouldBe(message);

    [Fact]
    public void The_authorizers_reason_follows_the_message() =>
        RequestInfo.Of("GET", "/api/v1/namespaces/shop/pods/web", null, null, Alice).ForbiddenMessage("RBAC: role.rbac.authorization.k8s.io \"gone\" not found")
            .ShouldBe("pods \"web\" is forbidden: User \"alice\" cannot get resource \"pods\" in API group \"\" in the namespace \"shop\": RBAC: role.rbac.authorization.k8s.io \"gone\" not found");
}
