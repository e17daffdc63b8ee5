using KubeContainers.CrdGen;

namespace KubeContainers.Api.Tests.CrdGen;

/// <summary>docs/api.md is generated from the same CRDs that are installed, and says every field, rule and reason.</summary>
public sealed class ApiReferenceTests
{
    private static string Rendered { get; } = ApiReference.Render([CrdGenerator.Generate(typeof(V1Alpha1ContainerPlan)), GeneratedCrd.Crd], ApiConstants.Load());

    [Fact]
    public void Checked_in_reference_matches_the_types()
    {
        var path = Path.Combine(RepositoryRoot.Path, "docs", "api.md");

        File.Exists(path).ShouldBeTrue("docs/api.md is missing; run `make crds`");
        File.ReadAllText(path).ShouldBe(Rendered, "docs/api.md is out of date with operator/KubeContainers.Api; run `make crds` and commit the result");
    }

    [Fact]
    public void Every_schema_field_has_a_row_with_its_description()
    {
        foreach (var (path, schema) in GeneratedCrd.Fields().Where(f => f.Path.StartsWith("spec.", StringComparison.Ordinal) || f.Path.StartsWith("status.", StringComparison.Ordinal)))
        {
            var documented = "`" + path.Replace(".[]", "[]", StringComparison.Ordinal) + "`";
            Rendered.ShouldContain($"| {documented} |", customMessage: path);
            schema.Description.ShouldNotBeNullOrWhiteSpace(path);
        }
    }

    [Fact]
    public void Every_cel_rule_and_every_reason_is_listed_with_its_meaning()
    {
        foreach (var (path, schema) in GeneratedCrd.Fields().Prepend(("", GeneratedCrd.Root)))
        {
            foreach (var rule in schema.XKubernetesValidations ?? [])
            {
                Rendered.ShouldContain(rule.Message, customMessage: path);
            }
        }

        var constants = ApiConstants.Load();
        constants.Reasons.ShouldContain(r => r.Name == ConditionReasons.QuotaExceeded);
        constants.Reasons.Concat(constants.Phases).Concat(constants.ConditionTypes)
            .ShouldAllBe(r => r.Meaning.Length > 0, "every reason, phase and condition type has a summary");
    }
}
