using System.Text.Json.Nodes;
using KubeContainers.Deploy.Tests.Support;

namespace KubeContainers.Deploy.Tests.Chart;

/// <summary>
/// The ContainerPlan admission policy as the chart renders it (templates/plan-policy.yaml) and as kustomize ships it
/// (config/plans): the same policy and binding, the chart's only difference the default plan it names.
/// </summary>
[ClusterTest]
public sealed class PlanPolicyTests
{
    private const string Policy = "ValidatingAdmissionPolicy";

    private const string Binding = "ValidatingAdmissionPolicyBinding";

    [Fact]
    public async Task The_chart_renders_the_same_policy_and_binding_as_config_plans()
    {
        var chart = await Helm.TemplateAsync();
        var kustomize = await Kustomize.BuildAsync("config/plans");

        foreach (var kind in new[] { Policy, Binding })
        {
            var (ours, theirs) = (chart.OneOf(kind), kustomize.OneOf(kind));
            ours["metadata"]!["name"]!.GetValue<string>().ShouldBe("kubecontainers-plans");
            theirs["metadata"]!["name"]!.GetValue<string>().ShouldBe("kubecontainers-plans");
            JsonNode.DeepEquals(ours["spec"], theirs["spec"]).ShouldBeTrue($"the chart's {kind} drifted from config/plans: {Diff(ours["spec"]!, theirs["spec"]!)}");
        }
    }

    [Fact]
    public async Task PlansDefaultPlan_names_the_plan_of_unlabelled_namespaces_and_changes_nothing_else()
    {
        var chart = (await Helm.TemplateAsync("--set=plans.defaultPlan=free")).OneOf(Policy);
        var kustomize = (await Kustomize.BuildAsync("config/plans")).OneOf(Policy);

        Expression(chart, "planName").ShouldEndWith(": 'free'");
        Expression(kustomize, "planName").ShouldEndWith(": 'default'");
        Expression(chart, "planName").Replace("'free'", "'default'", StringComparison.Ordinal).ShouldBe(Expression(kustomize, "planName"));
        var others = chart["spec"]!.DeepClone().AsObject();
        others["variables"]!.AsArray().RemoveAt(0);
        var theirs = kustomize["spec"]!.DeepClone().AsObject();
        theirs["variables"]!.AsArray().RemoveAt(0);
        JsonNode.DeepEquals(others, theirs).ShouldBeTrue(Diff(others, theirs));
    }

    [Fact]
    public async Task The_policy_is_left_out_with_plans_admission_false_and_a_default_plan_that_is_no_name_is_refused()
    {
        var objects = await Helm.TemplateAsync("--set=plans.admission=false");
        var badName = await Helm.TryTemplateAsync("--set=plans.defaultPlan=x' || true || '");

        objects.OfKind(Policy).ShouldBeEmpty();
        objects.OfKind(Binding).ShouldBeEmpty();
        badName.ExitCode.ShouldNotBe(0);
        badName.Stderr.ShouldContain("/plans/defaultPlan");
    }

    [Fact]
    public async Task The_policy_is_on_by_default_and_binds_every_plan_allowing_when_there_is_none()
    {
        var objects = await Helm.TemplateAsync();
        var policy = objects.OneOf(Policy)["spec"]!;
        var binding = objects.OneOf(Binding)["spec"]!;

        policy["paramKind"]!.ToJsonString().ShouldBe("""{"apiVersion":"kubecontainers.io/v1alpha1","kind":"ContainerPlan"}""");
        policy["failurePolicy"]!.GetValue<string>().ShouldBe("Fail");
        binding["policyName"]!.GetValue<string>().ShouldBe("kubecontainers-plans");
        binding["validationActions"]!.ToJsonString().ShouldBe("""["Deny"]""");
        binding["paramRef"]!.ToJsonString().ShouldBe("""{"selector":{},"parameterNotFoundAction":"Allow"}""");
        // Every validation holds unless its plan is the namespace's.
        policy["validations"]!.AsArray().ShouldAllBe(v => v!["expression"]!.GetValue<string>().StartsWith("!variables.inForce || ", StringComparison.Ordinal));
    }

    private static string Expression(JsonObject policy, string variable) =>
        policy["spec"]!["variables"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == variable)!["expression"]!.GetValue<string>();

    private static string Diff(JsonNode ours, JsonNode theirs) => $"\nchart:     {ours.ToJsonString()}\nkustomize: {theirs.ToJsonString()}";
}
