using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Faults;

/// <summary>
/// Refuses writes as an admission webhook or a policy engine would (see <see cref="FaultInjector.RefuseWrites"/>):
/// writes of <paramref name="Kind"/> (in <paramref name="Namespace"/>, of <paramref name="Name"/>, for
/// <paramref name="Operations"/> CREATE, UPDATE, DELETE; null matches any) are answered as the apiserver answers a
/// webhook's denial (k8s.io/apiserver/pkg/admission/plugin/webhook/errors, ToStatusErr): <paramref name="Code"/> (the
/// webhook's, 403 by default), reason Forbidden, message <c>RESOURCE "NAME" is forbidden: admission webhook "WEBHOOK"
/// denied the request: MESSAGE</c>. With no <paramref name="Webhook"/> the message follows the prefix as it is, which is
/// how the apiserver's own admission plugins word theirs (ResourceQuota's <c>exceeded quota: ...</c>).
/// </summary>
public sealed record WriteRefusal(
    string Kind,
    string Message,
    string? Namespace = null,
    string? Name = null,
    string? Webhook = "deny.faults.kubecontainers.local",
    int Code = 403,
    IReadOnlyList<string>? Operations = null)
{
    public bool Matches(ResourceType type, string? @namespace, string? name, string operation) =>
        type.Kind == Kind
        && (Namespace is null || Namespace == @namespace)
        && (Name is null || Name == name)
        && (Operations is null || Operations.Contains(operation, StringComparer.Ordinal));

    public ApiException ToError(ResourceType type, string? name)
    {
        var shown = string.IsNullOrEmpty(name) ? "Unknown" : name;
        var why = Webhook is null ? Message : $"admission webhook \"{Webhook}\" denied the request: {Message}";
        var details = new JsonObject { ["name"] = shown, ["group"] = type.Group, ["kind"] = type.Plural };
        return new ApiException(Code, "Forbidden", $"{type.QualifiedName} \"{shown}\" is forbidden: {why}", details);
    }

    public static WriteRefusal FromJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return new WriteRefusal(
            json["kind"]?.GetValue<string>() ?? throw ApiException.BadRequest("a refusal needs \"kind\""),
            json["message"]?.GetValue<string>() ?? throw ApiException.BadRequest("a refusal needs \"message\""),
            json["namespace"]?.GetValue<string>(),
            json["name"]?.GetValue<string>(),
            json.ContainsKey("webhook") ? json["webhook"]?.GetValue<string>() : "deny.faults.kubecontainers.local",
            json["code"]?.GetValue<int>() ?? 403,
            json["operations"] is JsonArray ops ? [.. ops.Select(o => o!.GetValue<string>())] : null);
    }

    public JsonObject ToJson() => new()
    {
        ["kind"] = Kind,
        ["message"] = Message,
        ["namespace"] = Namespace,
        ["name"] = Name,
        ["webhook"] = Webhook,
        ["code"] = Code,
        ["operations"] = Operations is null ? null : new JsonArray([.. Operations.Select(o => (JsonNode)o)]),
    };
}
