using System.Text.RegularExpressions;
using KubeContainers.Api.Validation;

namespace KubeContainers.Api.Tests.Validation;

/// <summary>
/// The CRD's label-key pattern (one regular expression, for a CEL rule over map keys) and the operator's
/// <see cref="LabelRules.Key"/> (apimachinery's split into prefix and name) say the same about every key; the
/// prefix's 253 characters the CRD checks in a second rule, so it is left out here.
/// </summary>
public sealed class CrdPatternAgreementTests
{
    [Theory]
    [InlineData("app")]
    [InlineData("example.com/role")]
    [InlineData("Uppercase_Is_OK_123")]
    [InlineData("a.b-c/x.y_z")]
    [InlineData("1.2.3.4/simple")]
    [InlineData("-a")]
    [InlineData("a-")]
    [InlineData("/a")]
    [InlineData("a/")]
    [InlineData("a/b/c")]
    [InlineData("Example.com/a")]
    [InlineData("example_com/a")]
    [InlineData("a b")]
    [InlineData("")]
    public void The_crds_label_key_pattern_agrees_with_the_label_key_rule(string key)
    {
        var pattern = Regex.Match(key, ValidationPatterns.LabelKey) is { Success: true } m && m.Length == key.Length;

        pattern.ShouldBe(LabelRules.IsKey(key));
    }

    [Fact]
    public void The_name_part_of_63_characters_is_the_longest_for_both()
    {
        foreach (var (key, valid) in new[] { (new string('a', 63), true), (new string('a', 64), false), ("x.io/" + new string('a', 64), false) })
        {
            Regex.IsMatch(key, ValidationPatterns.LabelKey).ShouldBe(valid, key);
            LabelRules.IsKey(key).ShouldBe(valid, key);
        }
    }
}
