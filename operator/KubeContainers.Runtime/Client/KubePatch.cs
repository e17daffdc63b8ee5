namespace KubeContainers.Runtime.Client;

/// <summary>A patch body (JSON text) with its kind; <see cref="Status"/> targets the status subresource.</summary>
public sealed record KubePatch(KubePatchType Type, string Body, bool Status = false, string? FieldManager = null, bool Force = false)
{
    public static KubePatch Merge(string body, bool status = false) => new(KubePatchType.Merge, body, status);

    public static KubePatch Json(string body, bool status = false) => new(KubePatchType.Json, body, status);

    /// <summary>Server-side apply; the field manager is required by the API server.</summary>
    public static KubePatch Apply(string body, string fieldManager, bool force = true, bool status = false) =>
        new(KubePatchType.Apply, body, status, fieldManager, force);
}
