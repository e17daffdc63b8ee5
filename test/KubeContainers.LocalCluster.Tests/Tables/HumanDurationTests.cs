using KubeContainers.LocalCluster.Tables;

namespace KubeContainers.LocalCluster.Tests.Tables;

public sealed class HumanDurationTests
{
    [Theory]
    [InlineData(-5, "<invalid>")]
    [InlineData(-1, "0s")]
    [InlineData(0, "0s")]
    [InlineData(45, "45s")]
    [InlineData(119, "119s")]
    [InlineData(120, "2m")]
    [InlineData(330, "5m30s")]
    [InlineData(600, "10m")]
    [InlineData(179 * 60, "179m")]
    [InlineData(3 * 3600, "3h")]
    [InlineData(3 * 3600 + 25 * 60, "3h25m")]
    [InlineData(10 * 3600, "10h")]
    [InlineData(47 * 3600, "47h")]
    [InlineData(2 * 86400, "2d")]
    [InlineData(2 * 86400 + 5 * 3600, "2d5h")]
    [InlineData(30 * 86400, "30d")]
    [InlineData(800 * 86400, "2y70d")]
    [InlineData(3000 * 86400, "8y")]
    public void FormatsLikeApimachinery(int seconds, string expected)
    {
        HumanDuration.Format(TimeSpan.FromSeconds(seconds)).ShouldBe(expected);
    }
}
