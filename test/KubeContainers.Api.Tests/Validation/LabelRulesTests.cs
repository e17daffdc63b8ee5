using KubeContainers.Api.Validation;

namespace KubeContainers.Api.Tests.Validation;

/// <summary>Label keys and values against apimachinery's examples and messages (IsQualifiedName, IsValidLabelValue).</summary>
public sealed class LabelRulesTests
{
    private const string NameRule =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    [Theory]
    [InlineData("simple")]
    [InlineData("now-with-dashes")]
    [InlineData("1-starts-with-num")]
    [InlineData("1234")]
    [InlineData("simple/simple")]
    [InlineData("now-with-dashes/simple")]
    [InlineData("now-with-dashes/now-with-dashes")]
    [InlineData("now.with.dots/now-with-dashes")]
    [InlineData("now-with.dashes-and.dots/now-with-dashes")]
    [InlineData("1.2.3.4/simple")]
    [InlineData("Uppercase_Is_OK_123")]
    [InlineData("example.com/Uppercase_Is_OK_123")]
    public void Keys_upstream_accepts(string key) => LabelRules.Key(key).ShouldBeEmpty();

    [Fact]
    public void A_key_name_of_63_characters_is_the_longest()
    {
        LabelRules.IsKey(new string('a', 63)).ShouldBeTrue();
        LabelRules.Key(new string('a', 64)).ShouldBe(["name part must be no more than 63 characters"]);
        LabelRules.IsKey(new string('a', 253) + "/" + new string('b', 63)).ShouldBeTrue();
        LabelRules.Key(new string('a', 254) + "/b").ShouldBe(["prefix part must be no more than 253 characters"]);
    }

    [Theory]
    [InlineData("nospecialchars%^=@")]
    [InlineData("cantendwithadash-")]
    [InlineData("-cantstartwithadash-")]
    [InlineData("only/one/slash")]
    [InlineData("Example.com/abc")]
    [InlineData("example_com/abc")]
    [InlineData("example.com/")]
    [InlineData("/simple")]
    [InlineData("")]
    public void Keys_upstream_refuses(string key) => LabelRules.IsKey(key).ShouldBeFalse();

    [Fact]
    public void A_bad_key_gets_the_apiservers_messages()
    {
        LabelRules.Key("-a").ShouldBe(["name part " + NameRule]);
        LabelRules.Key("").ShouldBe(["name part must be non-empty", "name part " + NameRule]);
        LabelRules.Key("/a").ShouldBe(["prefix part must be non-empty"]);
        LabelRules.Key("a/b/c").ShouldBe(["a qualified name " + NameRule + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"]);
        LabelRules.Key("A/b").ShouldBe([
            "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("simple")]
    [InlineData("now-with-dashes")]
    [InlineData("1-starts-with-num")]
    [InlineData("end-with-num-1")]
    [InlineData("1234")]
    [InlineData("Uppercase_Is_OK_123")]
    [InlineData("dots.and_underscores-and-dashes")]
    public void Values_upstream_accepts(string value)
    {
        LabelRules.Value(value).ShouldBeEmpty();
        LabelRules.Value("a" + value).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("nospecialchars%^=@")]
    [InlineData("Tama-nui-te-rā.is.Māori.sun")]
    [InlineData("\\backslashes\\are\\bad")]
    [InlineData("-starts-with-dash")]
    [InlineData("ends-with-dash-")]
    [InlineData(".starts.with.dot")]
    [InlineData("ends.with.dot.")]
    public void Values_upstream_refuses(string value) =>
        LabelRules.Value(value).ShouldBe([
            "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"]);

    [Fact]
    public void A_value_of_64_characters_is_too_long() =>
        LabelRules.Value(new string('a', 64)).ShouldBe(["must be no more than 63 characters"]);
}
