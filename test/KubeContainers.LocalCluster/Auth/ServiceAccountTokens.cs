using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Auth;

/// <summary>
/// Bound service account tokens as the TokenRequest API issues them: JWTs signed RS256 with a key made at start,
/// claims <c>iss</c>, <c>sub</c> (<c>system:serviceaccount:NS:NAME</c>), <c>aud</c>, <c>exp</c>, <c>iat</c>, <c>nbf</c>,
/// <c>jti</c> and <c>kubernetes.io</c> (namespace, service account name and uid). A token authenticates while it has
/// not expired, names the API's audience, and its service account still exists with the same uid (deleting or
/// recreating the account invalidates it, as upstream's validator checks).
/// </summary>
public sealed class ServiceAccountTokens(ObjectStore store, TimeProvider clock) : IDisposable
{
    /// <summary>kube-apiserver's default --service-account-issuer and --api-audiences.</summary>
    public const string Issuer = "https://kubernetes.default.svc.cluster.local";

    public const string CredentialIdExtra = "authentication.kubernetes.io/credential-id";

    private readonly RSA _key = RSA.Create(2048);
    private readonly string _keyId = Base64Url(SHA256.HashData(Guid.NewGuid().ToByteArray()))[..43];

    public void Dispose() => _key.Dispose();

    /// <summary>A token for the service account (which must exist; the caller checks) valid until <paramref name="expires"/>.</summary>
    public string Issue(JsonObject serviceAccount, IReadOnlyList<string> audiences, DateTimeOffset expires)
    {
        var now = clock.GetUtcNow();
        var ns = serviceAccount.Namespace() ?? "";
        var name = serviceAccount.Name();
        var header = new JsonObject { ["alg"] = "RS256", ["kid"] = _keyId };
        var claims = new JsonObject
        {
            ["aud"] = new JsonArray(audiences.Select(a => (JsonNode)JsonValue.Create(a)!).ToArray()),
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["iss"] = Issuer,
            ["jti"] = Guid.NewGuid().ToString(),
            ["kubernetes.io"] = new JsonObject
            {
                ["namespace"] = ns,
                ["serviceaccount"] = new JsonObject { ["name"] = name, ["uid"] = serviceAccount.Uid() },
            },
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["sub"] = UserInfo.ServiceAccountName(ns, name),
        };
        var signed = $"{Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()))}";
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signed}.{Base64Url(signature)}";
    }

    /// <summary>The service account user a token names, or null when it is not one of ours or no longer valid.</summary>
    public UserInfo? Authenticate(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        JsonObject? claims;
        try
        {
            if (!_key.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), FromBase64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            {
                return null;
            }

            claims = JsonNode.Parse(FromBase64Url(parts[1])) as JsonObject;
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or CryptographicException)
        {
            return null;
        }

        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        if (claims is null || claims.Str("iss") != Issuer
            || Seconds(claims, "exp") is not { } exp || exp <= now
            || Seconds(claims, "nbf") is { } nbf && nbf > now
            || claims["aud"] is not JsonArray audiences || !audiences.Any(a => a?.ToString() == Issuer))
        {
            return null;
        }

        var ns = claims["kubernetes.io"].Str("namespace") ?? "";
        var name = claims["kubernetes.io"]?["serviceaccount"].Str("name") ?? "";
        var uid = claims["kubernetes.io"]?["serviceaccount"].Str("uid") ?? "";
        if (store.Get(BuiltinResources.ServiceAccounts.StorageKey, ns, name) is not { } account || account.Uid != uid || account.IsDeleting)
        {
            return null;
        }

        var extra = new Dictionary<string, IReadOnlyList<string>> { [CredentialIdExtra] = [$"JTI={claims.Str("jti")}"] };
        return new UserInfo(UserInfo.ServiceAccountName(ns, name), uid, UserInfo.ServiceAccountGroups(ns), extra);
    }

    private static long? Seconds(JsonObject claims, string name) =>
        claims[name] is JsonValue value && value.TryGetValue<long>(out var seconds) ? seconds : null;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }
}
