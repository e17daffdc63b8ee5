namespace KubeContainers.LocalCluster.Server;

/// <summary>
/// How one write is made: who makes it (the managedFields manager), dryRun=All, and fieldValidation
/// (Strict: unknown fields are refused; Warn: accepted with a warning; Ignore: silently pruned).
/// </summary>
public sealed record WriteOptions(string Manager, bool DryRun = false, string FieldValidation = "Warn")
{
    public static WriteOptions System(string manager) => new(manager, FieldValidation: "Ignore");

    /// <summary>Who writes (the authenticated user of an HTTP request); null for the cluster's own controllers.
    /// ValidatingAdmissionPolicies see it as <c>request.userInfo</c>.</summary>
    public Auth.UserInfo? User { get; init; }

    /// <summary>Warnings for the HTTP layer to send as <c>Warning: 299 - "..."</c> headers.</summary>
    public List<string> Warnings { get; } = [];
}
