using System.Security.Cryptography;
using System.Text;
using KubeContainers.LocalCluster.Api;
using Microsoft.AspNetCore.Http;

namespace KubeContainers.LocalCluster.Auth;

/// <summary>
/// Bearer token authentication: the admin token the cluster writes into its kubeconfig (user
/// <see cref="UserInfo.Admin"/>, groups system:masters and system:authenticated) and service account tokens from the
/// TokenRequest API. A request without a token is anonymous only on the health and version endpoints (as kube-apiserver
/// with anonymous authentication limited to those paths, the 1.31 AuthenticationConfiguration <c>anonymous.conditions</c>);
/// anywhere else, and with a token nobody issued, it is answered 401 Unauthorized.
/// </summary>
public sealed class Authenticator(string adminToken, ServiceAccountTokens serviceAccountTokens)
{
    private static readonly HashSet<string> AnonymousPaths = ["/healthz", "/readyz", "/livez", "/version"];

    private readonly byte[] _adminToken = Encoding.UTF8.GetBytes(adminToken);

    /// <summary>The request's user; throws 401 Unauthorized when it has none.</summary>
    public UserInfo Authenticate(HttpRequest request)
    {
        var header = request.Headers.Authorization.FirstOrDefault();
        if (string.IsNullOrEmpty(header))
        {
            var path = (request.Path.Value ?? "/").TrimEnd('/');
            return AnonymousPaths.Contains(path) ? UserInfo.AnonymousUser
                : throw Unauthorized();
        }

        // The scheme is case-insensitive and the token follows after spaces, as upstream's bearertoken authenticator reads it.
        var parts = header.Split(' ', 2, StringSplitOptions.TrimEntries);
        if (parts is not [var scheme, { Length: > 0 } token] || !scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            throw Unauthorized();
        }

        return AuthenticateToken(token) ?? throw Unauthorized();
    }

    public UserInfo? AuthenticateToken(string token) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), _adminToken)
            ? UserInfo.Admin
            : serviceAccountTokens.Authenticate(token);

    /// <summary>apierrors.NewUnauthorized("Unauthorized"), what the authentication filter answers.</summary>
    public static ApiException Unauthorized() => new(401, "Unauthorized", "Unauthorized");
}
