using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Auth;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;
using KubeContainers.LocalCluster.Tests.Support;

namespace KubeContainers.LocalCluster.Tests.Auth;

/// <summary>The RBAC authorizer over the store's Roles, ClusterRoles and bindings, as plugin/pkg/auth/authorizer/rbac evaluates them.</summary>
[ClusterTest]
public sealed class RbacAuthorizerTests : IAsyncLifetime
{
    private static readonly WriteOptions Write = WriteOptions.System("test");
    private LocalCluster _cluster = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private RbacAuthorizer Authorizer => _cluster.Auth.Authorizer;

    public async ValueTask InitializeAsync() =>
        _cluster = await LocalCluster.StartAsync(new LocalClusterOptions { EnableControllers = false }, Ct);

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    private static UserInfo User(string name, params string[] groups) => new(name, "", [.. groups, UserInfo.Authenticated], UserInfo.Empty);

    private static AuthorizationAttributes Ask(UserInfo user, string verb, string resource, string ns = "", string name = "", string group = "", string subresource = "") =>
        new(user, verb, true, "", group, "v1", resource, subresource, ns, name);

    private void Create(ResourceType type, string json) =>
        _cluster.Api.Create(type, JsonNode.Parse(json)!["metadata"]!["namespace"]?.GetValue<string>(), JsonNode.Parse(json)!.AsObject(), Write);

    [Fact]
    public void System_masters_may_do_anything_and_nobody_else_without_a_binding()
    {
        Authorizer.Authorize(Ask(User("root", UserInfo.Masters), "delete", "nodes", name: "n1")).Allowed.ShouldBeTrue();
        var denied = Authorizer.Authorize(Ask(User("alice"), "get", "pods", "shop"));
        denied.ShouldBe(new AuthorizationDecision(false, ""));
    }

    [Fact]
    public void A_role_binding_grants_its_roles_rules_in_its_namespace_only()
    {
        Create(BuiltinResources.Roles, """{"metadata":{"name":"reader","namespace":"default"},"rules":[{"apiGroups":[""],"resources":["pods"],"verbs":["get","list"]}]}""");
        Create(BuiltinResources.RoleBindings, """{"metadata":{"name":"alice-reads","namespace":"default"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"reader"},"subjects":[{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"alice"}]}""");

        var allowed = Authorizer.Authorize(Ask(User("alice"), "list", "pods", "default"));
        allowed.ShouldBe(new AuthorizationDecision(true, "RBAC: allowed by RoleBinding \"alice-reads/default\" of Role \"reader\" to User \"alice\""));
        Authorizer.Authorize(Ask(User("alice"), "list", "pods", "kube-system")).Allowed.ShouldBeFalse();
        Authorizer.Authorize(Ask(User("alice"), "list", "pods")).Allowed.ShouldBeFalse();
        Authorizer.Authorize(Ask(User("alice"), "delete", "pods", "default", "web")).Allowed.ShouldBeFalse();
        Authorizer.Authorize(Ask(User("bob"), "list", "pods", "default")).Allowed.ShouldBeFalse();
    }

    [Fact]
    public void Service_account_and_group_subjects_and_a_cluster_role_bound_in_a_namespace()
    {
        Create(BuiltinResources.ClusterRoles, """{"metadata":{"name":"cm-writer"},"rules":[{"apiGroups":[""],"resources":["configmaps"],"verbs":["create"]}]}""");
        // A service account subject without a namespace is in the binding's namespace.
        Create(BuiltinResources.RoleBindings, """{"metadata":{"name":"bots","namespace":"default"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"cm-writer"},"subjects":[{"kind":"ServiceAccount","name":"bot"},{"kind":"Group","apiGroup":"rbac.authorization.k8s.io","name":"writers"}]}""");
        var bot = new UserInfo("system:serviceaccount:default:bot", "", UserInfo.ServiceAccountGroups("default"), UserInfo.Empty);

        Authorizer.Authorize(Ask(bot, "create", "configmaps", "default")).Reason
            .ShouldBe("RBAC: allowed by RoleBinding \"bots/default\" of ClusterRole \"cm-writer\" to ServiceAccount \"bot/default\"");
        Authorizer.Authorize(Ask(User("carol", "writers"), "create", "configmaps", "default")).Allowed.ShouldBeTrue();
        Authorizer.Authorize(Ask(bot, "create", "configmaps", "kube-public")).Allowed.ShouldBeFalse();
        var otherNamespace = new UserInfo("system:serviceaccount:kube-public:bot", "", UserInfo.ServiceAccountGroups("kube-public"), UserInfo.Empty);
        Authorizer.Authorize(Ask(otherNamespace, "create", "configmaps", "default")).Allowed.ShouldBeFalse();
    }

    [Fact]
    public void A_binding_to_a_missing_role_is_the_reason_of_the_denial()
    {
        Create(BuiltinResources.RoleBindings, """{"metadata":{"name":"dangling","namespace":"default"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"gone"},"subjects":[{"kind":"User","name":"dave"}]}""");

        Authorizer.Authorize(Ask(User("dave"), "get", "pods", "default"))
            .ShouldBe(new AuthorizationDecision(false, "RBAC: role.rbac.authorization.k8s.io \"gone\" not found"));
    }

    [Fact]
    public void Bootstrap_roles_let_every_authenticated_user_discover_and_review_itself()
    {
        var erin = User("erin");
        Authorizer.Authorize(new AuthorizationAttributes(erin, "get", false, "/apis/apps/v1")).Allowed.ShouldBeTrue();
        Authorizer.Authorize(new AuthorizationAttributes(erin, "get", false, "/healthz")).Allowed.ShouldBeTrue();
        Authorizer.Authorize(new AuthorizationAttributes(erin, "get", false, "/metrics")).Allowed.ShouldBeFalse();
        Authorizer.Authorize(Ask(erin, "create", "selfsubjectaccessreviews", group: "authorization.k8s.io")).Allowed.ShouldBeTrue();
        Authorizer.Authorize(Ask(erin, "create", "subjectaccessreviews", group: "authorization.k8s.io")).Allowed.ShouldBeFalse();
        Authorizer.Authorize(new AuthorizationAttributes(UserInfo.AnonymousUser, "get", false, "/readyz")).Allowed.ShouldBeTrue();
        Authorizer.Authorize(new AuthorizationAttributes(UserInfo.AnonymousUser, "get", false, "/api")).Allowed.ShouldBeFalse();
    }

    [Fact]
    public async Task Aggregated_cluster_roles_gather_the_rules_of_the_roles_their_selectors_match()
    {
        Create(BuiltinResources.ClusterRoles, """{"metadata":{"name":"widgets-view","labels":{"rbac.authorization.k8s.io/aggregate-to-view":"true"}},"rules":[{"apiGroups":["example.com"],"resources":["widgets"],"verbs":["get","list","watch"]}]}""");
        Create(BuiltinResources.RoleBindings, """{"metadata":{"name":"frank-views","namespace":"default"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"},"subjects":[{"kind":"User","name":"frank"}]}""");

        await Eventually.Returns(
            () => Task.FromResult(Authorizer.Authorize(Ask(User("frank"), "list", "widgets", "default", group: "example.com"))),
            d => d.Allowed, "the view role aggregates the widgets rule");
        Authorizer.Authorize(Ask(User("frank"), "list", "pods", "default")).Allowed.ShouldBeTrue();
        Authorizer.Authorize(Ask(User("frank"), "list", "secrets", "default")).Allowed.ShouldBeFalse();
        Authorizer.Authorize(Ask(User("frank"), "create", "pods", "default")).Allowed.ShouldBeFalse();
        // edit aggregates view's rules (view is labelled aggregate-to-edit), and adds writes. It is recomputed on the
        // change of view that the wait above saw, so it may follow a moment later.
        await Eventually.Until(
            () => _cluster.Api.Get(BuiltinResources.ClusterRoles, null, "edit")["rules"]!.AsArray(),
            rules => rules.Any(r => r!.ToJsonString().Contains("widgets", StringComparison.Ordinal)), "edit to aggregate view's widgets rule");

        _cluster.Api.Delete(BuiltinResources.ClusterRoles, null, "widgets-view", new DeleteOptions());
        await Eventually.Returns(
            () => Task.FromResult(Authorizer.Authorize(Ask(User("frank"), "list", "widgets", "default", group: "example.com"))),
            d => !d.Allowed, "the rule leaves view with its source role");
    }
}
