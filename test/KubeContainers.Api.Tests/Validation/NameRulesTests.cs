using KubeContainers.Api.Validation;

namespace KubeContainers.Api.Tests.Validation;

/// <summary>The name rules against apimachinery's own valid and invalid examples (validation_test.go), and its
/// messages word for word.</summary>
public sealed class NameRulesTests
{
    private const string LabelRule =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    [Theory]
    [InlineData("a")]
    [InlineData("ab")]
    [InlineData("a1")]
    [InlineData("a-1")]
    [InlineData("a--1--2--b")]
    [InlineData("0")]
    [InlineData("012")]
    [InlineData("1-a")]
    public void Dns1123_labels_upstream_accepts(string value) => NameRules.Dns1123Label(value).ShouldBeEmpty();

    [Theory]
    [InlineData("")]
    [InlineData("A")]
    [InlineData("aBc")]
    [InlineData("-")]
    [InlineData("a-")]
    [InlineData("-a")]
    [InlineData("a_b")]
    [InlineData("a b")]
    [InlineData("a\n")]
    public void Dns1123_labels_upstream_refuses(string value) => NameRules.Dns1123Label(value).ShouldBe([LabelRule]);

    [Fact]
    public void A_dns1123_label_with_dots_or_too_long_says_so()
    {
        NameRules.Dns1123Label("a.b").ShouldBe(["must not contain dots"]);
        NameRules.Dns1123Label(new string('a', 63)).ShouldBeEmpty();
        NameRules.Dns1123Label(new string('a', 64)).ShouldBe(["must be no more than 63 characters"]);
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("a.b.c", true)]
    [InlineData("1.2.3", true)]
    [InlineData("a-1.b-2", true)]
    [InlineData("a..b", false)]
    [InlineData(".a", false)]
    [InlineData("a.", false)]
    [InlineData("A.b", false)]
    [InlineData("a_b.c", false)]
    public void Dns1123_subdomains(string value, bool valid) => NameRules.IsDns1123Subdomain(value).ShouldBe(valid);

    [Fact]
    public void A_bad_dns1123_subdomain_gets_the_apiservers_message()
    {
        NameRules.Dns1123Subdomain("A.b").ShouldBe([
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"]);
        NameRules.Dns1123Subdomain(new string('a', 254)).ShouldBe(["must be no more than 253 characters"]);
    }

    [Fact]
    public void A_dns_name_also_limits_each_label_which_an_object_name_does_not()
    {
        var longLabel = new string('a', 64) + ".com";
        NameRules.IsDns1123Subdomain(longLabel).ShouldBeTrue();
        NameRules.IsDnsName(longLabel).ShouldBeFalse();
        NameRules.IsDnsName("apps.example.com").ShouldBeTrue();
    }
}
