using System.Text.Json;

namespace KubeContainers.LocalCluster.Patching;

/// <summary>
/// A field server-side apply would change although another manager owns it. <see cref="Field"/> is
/// printed like structured-merge-diff paths (<c>.spec.containers[name="web"].image</c>).
/// </summary>
public sealed record ApplyConflict(string Manager, string Operation, string? ApiVersion, string? Subresource, string Field)
{
    /// <summary>
    /// The owner as the apiserver names it: <c>"kubectl-client-side-apply" using apps/v1</c> for an
    /// update, <c>"mgr"</c> for an applier, with <c>with subresource "status"</c> when it wrote a subresource.
    /// </summary>
    public string ManagerDescription
    {
        get
        {
            var description = JsonSerializer.Serialize(Manager);
            if (!string.IsNullOrEmpty(Subresource))
            {
                description += $" with subresource {JsonSerializer.Serialize(Subresource)}";
            }

            return Operation == "Update" ? $"{description} using {ApiVersion}" : description;
        }
    }

    /// <summary>The message of the Status cause (type FieldManagerConflict) for this field.</summary>
    public string Message => $"conflict with {ManagerDescription}";
}
