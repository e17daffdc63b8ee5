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

    [Theory]
    [InlineData("a", true)]
    [InlineData("abc-123", true)]
    [InlineData("1a", false)]
    [InlineData("-a", false)]
    [InlineData("a-", false)]
    [InlineData("a.b", false)]
    public void Dns1035_labels_start_with_a_letter(string value, bool valid)
    {
        NameRules.Dns1035Label(value).Count.ShouldBe(valid ? 0 : 1);
        if (!valid)
        {
            NameRules.Dns1035Label(value)[0].ShouldBe(
                "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
        }
    }

    [Theory]
    [InlineData("http")]
    [InlineData("a1")]
    [InlineData("my-port")]
    [InlineData("abcdefghijklmno")]
    public void Port_names_upstream_accepts(string value) => NameRules.PortName(value).ShouldBeEmpty();

    [Theory]
    [InlineData("abcdefghijklmnop", "must be no more than 15 characters")]
    [InlineData("Http", "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")]
    [InlineData("123", "must contain at least one letter (a-z)")]
    [InlineData("a--b", "must not contain consecutive hyphens")]
    [InlineData("-ab", "must not begin or end with a hyphen")]
    [InlineData("ab-", "must not begin or end with a hyphen")]
    public void Port_names_upstream_refuses(string value, string message) => NameRules.PortName(value).ShouldBe([message]);

    [Fact]
    public void A_port_name_breaking_several_rules_gets_every_message_in_upstreams_order() =>
        NameRules.PortName("--1").ShouldBe([
            "must contain at least one letter (a-z)", "must not contain consecutive hyphens", "must not begin or end with a hyphen"]);

    [Theory]
    [InlineData("A", true)]
    [InlineData("_ab", true)]
    [InlineData("MY_NAME1", true)]
    [InlineData("1A", false)]
    [InlineData("my-name", false)]
    [InlineData("my.name", false)]
    [InlineData("", false)]
    public void Env_var_names_are_c_identifiers(string value, bool valid)
    {
        NameRules.EnvVarName(value).Count.ShouldBe(valid ? 0 : 1);
        if (!valid)
        {
            NameRules.EnvVarName(value)[0].ShouldBe(
                "a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName', regex used for validation is '[A-Za-z_][A-Za-z0-9_]*')");
        }
    }
}
