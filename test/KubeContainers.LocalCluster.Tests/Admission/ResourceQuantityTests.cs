using KubeContainers.LocalCluster.Admission.Quota;

namespace KubeContainers.LocalCluster.Tests.Admission;

/// <summary>Quantities print as Go's resource.Quantity prints them, since quota messages and status quote them.</summary>
public sealed class ResourceQuantityTests
{
    [Theory]
    [InlineData("1", "1")]
    [InlineData("1000", "1k")]
    [InlineData("1500", "1500")]
    [InlineData("0.5", "500m")]
    [InlineData("2000m", "2")]
    [InlineData("1024Mi", "1Gi")]
    [InlineData("1536Mi", "1536Mi")]
    [InlineData("1Gi", "1Gi")]
    [InlineData("512Ki", "512Ki")]
    [InlineData("100M", "100M")]
    [InlineData("1e3", "1e3")]
    public void Canonical_form(string text, string expected)
    {
        ResourceQuantity.Parse(text)!.Value.ToString().ShouldBe(expected);
    }

    [Fact]
    public void Small_or_fractional_binary_quantities_print_in_decimal()
    {
        new ResourceQuantity(1000, QuantityFormat.BinarySI).ToString().ShouldBe("1k");
        new ResourceQuantity(0.5m, QuantityFormat.BinarySI).ToString().ShouldBe("500m");
    }

    [Fact]
    public void A_sum_keeps_the_left_format_unless_the_left_is_zero()
    {
        (ResourceQuantity.Parse("1Gi")!.Value + ResourceQuantity.Parse("512Mi")!.Value).ToString().ShouldBe("1536Mi");
        (ResourceQuantity.Zero + ResourceQuantity.Parse("3Gi")!.Value).ToString().ShouldBe("3Gi");
        (ResourceQuantity.Parse("500m")!.Value + ResourceQuantity.Parse("1")!.Value).ToString().ShouldBe("1500m");
    }
}
