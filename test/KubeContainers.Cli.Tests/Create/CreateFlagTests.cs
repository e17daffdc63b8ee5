namespace KubeContainers.Cli.Tests.Create;

/// <summary>A bad flag is refused before anything is sent, naming the flag, its value and the rule.</summary>
public sealed class CreateFlagTests
{
    [Theory]
    [InlineData("--port", "0", "--port \"0\": must be between 1 and 65535, inclusive")]
    [InlineData("--env", "PASSWORD", "--env \"PASSWORD\": must be KEY=VALUE")]
    [InlineData("--env", "1A=x", "--env \"1A=x\": KEY must be an environment variable name")]
    [InlineData("--secret-env", "PASS=db", "--secret-env \"PASS=db\": must be NAME=secret/key")]
    [InlineData("--secret-env", "PASS=DB/key", "--secret-env \"PASS=DB/key\": secret must be a Secret's name")]
    [InlineData("--replicas", "-1", "--replicas \"-1\": must be greater than or equal to 0")]
    [InlineData("--cpu", "lots", "--cpu \"lots\": must be a quantity such as 500m")]
    [InlineData("--memory", "1GB", "--memory \"1GB\": must be a quantity")]
    [InlineData("--sandbox", "GVisor", "--sandbox \"GVisor\": must be a profile name")]
    [InlineData("--egress", "everywhere", "--egress \"everywhere\": must be one of internet, cluster, none")]
    [InlineData("--volume", "data:/data", "--volume \"data:/data\": must be name:/path:size")]
    [InlineData("--volume", "data:relative:1Gi", "--volume \"data:relative:1Gi\": path must be absolute")]
    [InlineData("--volume", "Data:/data:1Gi", "--volume \"Data:/data:1Gi\": name must be an RFC 1123 label")]
    [InlineData("--volume", "data:/data:big", "--volume \"data:/data:big\": size must be a quantity")]
    [InlineData("--lifetime", "1 hour", "--lifetime \"1 hour\": must be a duration such as 30s, 5m or 1h30m")]
    [InlineData("--lifetime", "500ms", "--lifetime \"500ms\": must be a whole number of seconds, at least 1s")]
    public void A_bad_flag_is_named_with_its_rule(string flag, string value, string message)
    {
        Cli.Refusal("web", "--image", "nginx", flag, value).ShouldStartWith(message);
    }

    [Fact]
    public void Replicas_above_one_are_refused_for_a_one_shot()
    {
        Cli.Refusal("job", "--image", "app", "--one-shot", "--replicas", "2").ShouldBe("--replicas \"2\": must be 0 or 1 with --one-shot");
    }

    [Fact]
    public void A_bad_image_is_refused()
    {
        Cli.Refusal("web", "--image", "Not An Image").ShouldStartWith("--image \"Not An Image\": must be an image reference");
    }

    [Theory]
    [InlineData("Web", "NAME \"Web\": a lowercase RFC 1123 subdomain must consist of")]
    [InlineData("9web", "NAME \"9web\": must be a DNS-1035 label")]
    public void A_bad_name_is_refused(string name, string message)
    {
        Cli.Refusal(name, "--image", "nginx", "--port", "80").ShouldStartWith(message);
    }

    [Fact]
    public void The_image_is_required()
    {
        Cli.Refusal("web").ShouldBe("Option '--image' is required.");
    }

    [Fact]
    public void An_egress_mode_is_checked_by_its_own_rule_not_a_parser()
    {
        Cli.Refusal("web", "--image", "nginx", "--egress", "open").ShouldContain("internet, cluster, none");
    }
}
