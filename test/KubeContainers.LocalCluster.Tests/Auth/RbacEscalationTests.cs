using KubeContainers.LocalCluster.Auth;

namespace KubeContainers.LocalCluster.Tests.Auth;

/// <summary>validation.ruleCovers: whether a rule the user holds grants an atomic rule it wants to hand out.</summary>
public sealed class RbacEscalationTests
{
    private static PolicyRule Rule(string verb, string group, string resource, string? name = null) =>
        new([verb], [group], [resource], name is null ? [] : [name], []);

    [Fact]
    public void Wildcards_cover_what_they_match_and_nothing_covers_a_wildcard_but_a_wildcard()
    {
        var all = new PolicyRule(["*"], ["*"], ["*"], [], []);
        RbacEscalation.Covers(all, Rule("delete", "apps", "deployments/scale")).ShouldBeTrue();
        RbacEscalation.Covers(Rule("get", "", "pods"), Rule("*", "", "pods")).ShouldBeFalse();
        RbacEscalation.Covers(new PolicyRule(["get"], [""], ["*/status"], [], []), Rule("get", "", "pods/status")).ShouldBeTrue();
        RbacEscalation.Covers(new PolicyRule(["get"], [""], ["*/status"], [], []), Rule("get", "", "pods")).ShouldBeFalse();
        RbacEscalation.Covers(Rule("get", "", "pods"), Rule("get", "", "pods/status")).ShouldBeFalse();
    }

    [Fact]
    public void Resource_names_narrow_what_is_covered()
    {
        RbacEscalation.Covers(Rule("get", "", "configmaps"), Rule("get", "", "configmaps", "settings")).ShouldBeTrue();
        RbacEscalation.Covers(Rule("get", "", "configmaps", "settings"), Rule("get", "", "configmaps", "settings")).ShouldBeTrue();
        RbacEscalation.Covers(Rule("get", "", "configmaps", "settings"), Rule("get", "", "configmaps")).ShouldBeFalse();
        RbacEscalation.Covers(Rule("get", "", "configmaps", "settings"), Rule("get", "", "configmaps", "other")).ShouldBeFalse();
    }

    [Fact]
    public void Non_resource_urls_are_covered_by_the_same_url_or_a_star_prefix()
    {
        var owner = new PolicyRule(["get"], [], [], [], ["/apis/*"]);
        RbacEscalation.Covers(owner, new PolicyRule(["get"], [], [], [], ["/apis/apps"])).ShouldBeTrue();
        RbacEscalation.Covers(owner, new PolicyRule(["get"], [], [], [], ["/api"])).ShouldBeFalse();
        RbacEscalation.Covers(Rule("get", "", "pods"), new PolicyRule(["get"], [], [], [], ["/healthz"])).ShouldBeFalse();
    }
}
