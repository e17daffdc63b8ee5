using KubeContainers.LocalCluster.Auth;

namespace KubeContainers.LocalCluster.Tests.Auth;

/// <summary>rbac.RuleAllows: verbs, API groups, resources with subresources and wildcards, resourceNames, nonResourceURLs.</summary>
public sealed class PolicyRuleTests
{
    private static readonly UserInfo Alice = new("alice", "", [UserInfo.Authenticated], UserInfo.Empty);

    private static AuthorizationAttributes Resource(string verb, string group, string resource, string subresource = "", string name = "") =>
        new(Alice, verb, true, "", group, "v1", resource, subresource, "shop", name);

    private static PolicyRule Rule(string[] verbs, string[] groups, string[] resources, string[]? names = null) =>
        new(verbs, groups, resources, names ?? [], []);

    [Fact]
    public void Verb_group_and_resource_must_all_match()
    {
        var rule = Rule(["get", "list"], ["apps"], ["deployments"]);

        rule.Allows(Resource("get", "apps", "deployments")).ShouldBeTrue();
        rule.Allows(Resource("list", "apps", "deployments")).ShouldBeTrue();
        rule.Allows(Resource("watch", "apps", "deployments")).ShouldBeFalse();
        rule.Allows(Resource("get", "", "deployments")).ShouldBeFalse();
        rule.Allows(Resource("get", "apps", "replicasets")).ShouldBeFalse();
    }

    [Fact]
    public void A_resource_does_not_grant_its_subresources()
    {
        var rule = Rule(["patch"], ["kubecontainers.io"], ["managedcontainers"]);

        rule.Allows(Resource("patch", "kubecontainers.io", "managedcontainers", name: "web")).ShouldBeTrue();
        rule.Allows(Resource("patch", "kubecontainers.io", "managedcontainers", "status", "web")).ShouldBeFalse();
        Rule(["patch"], ["kubecontainers.io"], ["managedcontainers/status"]).Allows(Resource("patch", "kubecontainers.io", "managedcontainers", "status", "web")).ShouldBeTrue();
        Rule(["patch"], ["kubecontainers.io"], ["managedcontainers/status"]).Allows(Resource("patch", "kubecontainers.io", "managedcontainers", name: "web")).ShouldBeFalse();
    }

    [Fact]
    public void Wildcards()
    {
        Rule(["*"], ["*"], ["*"]).Allows(Resource("deletecollection", "batch", "jobs", "status")).ShouldBeTrue();
        Rule(["get"], ["*"], ["*/status"]).Allows(Resource("get", "apps", "deployments", "status")).ShouldBeTrue();
        Rule(["get"], ["*"], ["*/status"]).Allows(Resource("get", "apps", "deployments")).ShouldBeFalse();
        Rule(["get"], ["*"], ["*/status"]).Allows(Resource("get", "apps", "deployments", "scale")).ShouldBeFalse();
    }

    [Fact]
    public void Resource_names_limit_to_those_objects_so_never_a_create_or_a_list()
    {
        var rule = Rule(["get", "create", "list"], [""], ["configmaps"], ["settings"]);

        rule.Allows(Resource("get", "", "configmaps", name: "settings")).ShouldBeTrue();
        rule.Allows(Resource("get", "", "configmaps", name: "other")).ShouldBeFalse();
        rule.Allows(Resource("create", "", "configmaps")).ShouldBeFalse();
        rule.Allows(Resource("list", "", "configmaps")).ShouldBeFalse();
    }

    [Fact]
    public void Non_resource_urls_match_exactly_or_by_a_trailing_star()
    {
        var rule = new PolicyRule(["get"], [], [], [], ["/healthz", "/apis/*"]);
        AuthorizationAttributes Path(string verb, string path) => new(Alice, verb, false, path);

        rule.Allows(Path("get", "/healthz")).ShouldBeTrue();
        rule.Allows(Path("get", "/healthz/etcd")).ShouldBeFalse();
        rule.Allows(Path("get", "/apis/apps/v1")).ShouldBeTrue();
        rule.Allows(Path("get", "/apis")).ShouldBeFalse();
        rule.Allows(Path("post", "/healthz")).ShouldBeFalse();
        rule.Allows(Resource("get", "", "healthz")).ShouldBeFalse();
    }
}
