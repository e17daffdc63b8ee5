using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Auth;

/// <summary>
/// The APIs that answer and store nothing: the TokenRequest subresource of service accounts (<c>kubectl create
/// token</c>), SelfSubjectAccessReview, LocalSubjectAccessReview, SubjectAccessReview and SelfSubjectRulesReview
/// (<c>kubectl auth can-i</c>, <c>--list</c>), SelfSubjectReview (<c>kubectl auth whoami</c>) and TokenReview. Each
/// answers 201 with the object it was sent, its status filled in, as kube-apiserver's registries do.
/// </summary>
public sealed class AuthEndpoints(ResourceService api, ServiceAccountTokens tokens, Authenticator authenticator, RbacAuthorizer authorizer, TimeProvider clock)
{
    /// <summary>TokenRequest's defaults and bounds (pkg/apis/authentication: 1 hour; at least 10 minutes, at most 2^32 seconds).</summary>
    public const long DefaultExpirationSeconds = 3600;

    public const long MinExpirationSeconds = 600;

    private static readonly ResourceType TokenRequestKind = new("authentication.k8s.io", "v1", "TokenRequest", "token", "", true);

    /// <summary>POST serviceaccounts/NAME/token: a bound token for an existing service account (404 otherwise).</summary>
    public JsonObject CreateToken(string ns, string name, JsonObject body)
    {
        var account = api.Get(BuiltinResources.ServiceAccounts, ns, name);
        var spec = body["spec"] as JsonObject ?? new JsonObject();
        var seconds = spec["expirationSeconds"] is JsonValue value && value.TryGetValue<long>(out var requested) ? requested : DefaultExpirationSeconds;
        if (seconds < MinExpirationSeconds)
        {
            throw ApiException.Invalid(TokenRequestKind, "", [new FieldError("spec.expirationSeconds", "FieldValueInvalid", $"Invalid value: {seconds}: may not specify a duration less than 10 minutes")]);
        }

        if (seconds > uint.MaxValue)
        {
            throw ApiException.Invalid(TokenRequestKind, "", [new FieldError("spec.expirationSeconds", "FieldValueTooLong", $"Too long: may not specify a duration larger than 2^32 seconds")]);
        }

        var audiences = spec["audiences"] is JsonArray { Count: > 0 } list ? list.Select(a => a?.ToString() ?? "").ToList() : [ServiceAccountTokens.Issuer];
        var now = clock.GetUtcNow();
        var expires = now.AddSeconds(seconds);
        return new JsonObject
        {
            ["kind"] = "TokenRequest",
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["creationTimestamp"] = ObjectMeta.Timestamp(now) },
            ["spec"] = new JsonObject
            {
                ["audiences"] = Strings(audiences),
                ["expirationSeconds"] = seconds,
                ["boundObjectRef"] = spec["boundObjectRef"]?.DeepClone(),
            },
            ["status"] = new JsonObject { ["token"] = tokens.Issue(account, audiences, expires), ["expirationTimestamp"] = ObjectMeta.Timestamp(expires) },
        };
    }

    /// <summary>POST of a review kind by <paramref name="user"/> (already authorized to create it).</summary>
    public JsonObject Review(ResourceType type, string? ns, JsonObject body, UserInfo user)
    {
        var review = new JsonObject
        {
            ["kind"] = type.Kind,
            ["apiVersion"] = type.ApiVersion,
            ["metadata"] = new JsonObject { ["creationTimestamp"] = null },
        };
        var spec = body["spec"] as JsonObject ?? new JsonObject();
        if (type.Kind != "SelfSubjectReview")
        {
            review["spec"] = spec.DeepClone();
        }

        review["status"] = type.Kind switch
        {
            "SelfSubjectAccessReview" => AccessReview(type, spec, user),
            "SubjectAccessReview" => AccessReview(type, spec, SubjectOf(type, spec)),
            "LocalSubjectAccessReview" => LocalAccessReview(type, ns ?? "", spec),
            "SelfSubjectRulesReview" => RulesReview(spec, user),
            "SelfSubjectReview" => new JsonObject { ["userInfo"] = UserJson(user) },
            "TokenReview" => TokenReview(spec),
            _ => throw ApiException.MethodNotAllowed("the server does not allow this method on the requested resource"),
        };
        if (type.Namespaced)
        {
            review["metadata"]!["namespace"] = ns;
        }

        return review;
    }

    private JsonObject LocalAccessReview(ResourceType type, string ns, JsonObject spec)
    {
        if (spec["nonResourceAttributes"] is JsonObject)
        {
            throw ApiException.Invalid(type, "", [new FieldError("spec.nonResourceAttributes", "FieldValueInvalid", "Invalid value: \"object\": disallowed on this kind of request")]);
        }

        if (spec["resourceAttributes"] is JsonObject attributes)
        {
            // An empty namespace is defaulted to the request's; another one is refused, as upstream's registry does.
            var requested = attributes.Str("namespace") ?? "";
            if (requested.Length == 0)
            {
                attributes["namespace"] = ns;
            }
            else if (requested != ns)
            {
                throw ApiException.BadRequest($"spec.resourceAttributes.namespace must match namespace: {ns}");
            }
        }

        return AccessReview(type, spec, SubjectOf(type, spec));
    }

    private JsonObject AccessReview(ResourceType type, JsonObject spec, UserInfo user)
    {
        var resource = spec["resourceAttributes"] as JsonObject;
        var nonResource = spec["nonResourceAttributes"] as JsonObject;
        if (resource is not null && nonResource is not null)
        {
            throw ApiException.Invalid(type, "", [new FieldError("spec.nonResourceAttributes", "FieldValueInvalid", "Invalid value: \"object\": cannot be specified in combination with resourceAttributes")]);
        }

        if (resource is null && nonResource is null)
        {
            throw ApiException.Invalid(type, "", [new FieldError("spec.resourceAttributes", "FieldValueInvalid", "Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified")]);
        }

        var attributes = resource is not null
            ? new AuthorizationAttributes(user, resource.Str("verb") ?? "", true, "", resource.Str("group") ?? "", resource.Str("version") ?? "",
                resource.Str("resource") ?? "", resource.Str("subresource") ?? "", resource.Str("namespace") ?? "", resource.Str("name") ?? "")
            : new AuthorizationAttributes(user, nonResource!.Str("verb") ?? "", false, nonResource.Str("path") ?? "");
        var decision = authorizer.Authorize(attributes);
        var status = new JsonObject { ["allowed"] = decision.Allowed };
        if (decision.Reason.Length > 0)
        {
            status["reason"] = decision.Reason;
        }

        return status;
    }

    /// <summary>The user a SubjectAccessReview asks about: spec.user, groups, uid and extra as given (nothing added).</summary>
    private static UserInfo SubjectOf(ResourceType type, JsonObject spec)
    {
        var user = spec.Str("user") ?? "";
        var groups = spec["groups"] is JsonArray list ? list.Select(g => g?.ToString() ?? "").ToList() : [];
        if (user.Length == 0 && groups.Count == 0)
        {
            throw ApiException.Invalid(type, "", [new FieldError("spec.user", "FieldValueInvalid", "Invalid value: \"\": at least one of user or group must be specified")]);
        }

        var extra = spec["extra"] is JsonObject map
            ? map.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)(kv.Value as JsonArray ?? []).Select(v => v?.ToString() ?? "").ToList())
            : new Dictionary<string, IReadOnlyList<string>>();
        return new UserInfo(user, spec.Str("uid") ?? "", groups, extra);
    }

    private JsonObject RulesReview(JsonObject spec, UserInfo user)
    {
        var ns = spec.Str("namespace") ?? "";
        if (ns.Length == 0)
        {
            throw ApiException.BadRequest("no namespace on request");
        }

        var (rules, errors) = authorizer.RulesFor(user, ns);
        var status = new JsonObject
        {
            ["resourceRules"] = new JsonArray(rules.Where(r => r.NonResourceUrls.Count == 0).Select(r => (JsonNode)r.ToJson()).ToArray()),
            ["nonResourceRules"] = new JsonArray(rules.Where(r => r.NonResourceUrls.Count > 0).Select(r => (JsonNode)r.ToJson()).ToArray()),
            ["incomplete"] = errors.Count > 0,
        };
        if (errors.Count > 0)
        {
            status["evaluationError"] = RbacAuthorizer.Aggregate(errors);
        }

        return status;
    }

    private JsonObject TokenReview(JsonObject spec)
    {
        var user = authenticator.AuthenticateToken(spec.Str("token") ?? "");
        if (user is null)
        {
            return new JsonObject { ["user"] = new JsonObject(), ["error"] = "invalid bearer token" };
        }

        return new JsonObject { ["authenticated"] = true, ["user"] = UserJson(user), ["audiences"] = Strings([ServiceAccountTokens.Issuer]) };
    }

    private static JsonObject UserJson(UserInfo user)
    {
        var json = new JsonObject { ["username"] = user.Name };
        if (user.Uid.Length > 0)
        {
            json["uid"] = user.Uid;
        }

        json["groups"] = Strings(user.Groups);
        if (user.Extra.Count > 0)
        {
            json["extra"] = new JsonObject(user.Extra.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Strings(kv.Value))));
        }

        return json;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());
}
