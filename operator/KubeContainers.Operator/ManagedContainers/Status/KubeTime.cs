namespace KubeContainers.Operator.ManagedContainers.Status;

/// <summary>KubernetesClient's timestamps are <see cref="DateTime"/>s meant as UTC, whatever their Kind says.</summary>
internal static class KubeTime
{
    public static DateTimeOffset? ToOffset(DateTime? time) => time switch
    {
        null => null,
        { Kind: DateTimeKind.Local } local => new DateTimeOffset(local.ToUniversalTime(), TimeSpan.Zero),
        { } utc => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc), TimeSpan.Zero),
    };
}
