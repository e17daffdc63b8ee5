using KubeContainers.Api.Validation;

namespace KubeContainers.Api.Tests.Validation;

/// <summary>Quantities as the CRD's pattern and KubernetesClient read them, for the spec and the settings alike.</summary>
public sealed class QuantityRulesTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("500m", 0.5)]
    [InlineData("2", 2)]
    [InlineData("1.5", 1.5)]
    [InlineData("1Ki", 1024)]
    [InlineData("1Gi", 1073741824)]
    [InlineData("1k", 1000)]
    [InlineData("1e3", 1000)]
    [InlineData(".5", 0.5)]
    public void Quantities_parse_to_their_value(string value, double expected)
    {
        QuantityRules.ParseUnsigned(value).ShouldBe((decimal)expected);
        QuantityRules.Parse(value).ShouldBe((decimal)expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1K")]
    [InlineData("1GB")]
    [InlineData("4 cores")]
    [InlineData("1.2.3Gi")]
    [InlineData("half")]
    [InlineData("1Gi\n")]
    public void Non_quantities_parse_to_null(string value)
    {
        QuantityRules.ParseUnsigned(value).ShouldBeNull();
        QuantityRules.Parse(value).ShouldBeNull();
    }

    [Fact]
    public void A_sign_is_a_quantity_for_the_settings_but_not_for_the_crds_pattern()
    {
        QuantityRules.Parse("-1Gi").ShouldBe(-1073741824m);
        QuantityRules.Parse("+2").ShouldBe(2m);
        QuantityRules.ParseUnsigned("-1Gi").ShouldBeNull();
    }

    [Fact]
    public void Text_longer_than_64_characters_is_no_quantity() =>
        QuantityRules.Parse(new string('1', 65)).ShouldBeNull();

    [Theory]
    [InlineData("0", false, QuantityRules.NotPositive)]
    [InlineData("-1", false, QuantityRules.NotPositive)]
    [InlineData("500m", false, null)]
    [InlineData("500m", true, QuantityRules.NotWholeBytes)]
    [InlineData("1Mi", true, null)]
    public void Values_are_positive_and_bytes_whole(string value, bool wholeBytes, string? problem) =>
        QuantityRules.ValueProblem(QuantityRules.Parse(value)!.Value, wholeBytes).ShouldBe(problem);
}
