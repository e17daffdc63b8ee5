using System.Security.Cryptography;
using KubeContainers.LocalCluster.Server;
using Microsoft.AspNetCore.Http;

namespace KubeContainers.LocalCluster.Auth;

/// <summary>
/// Authentication and authorization of one cluster, in kube-apiserver's filter order: authenticate the bearer token
/// (401), apply impersonation headers (403 unless the caller may impersonate), then authorize the request's
/// attributes (403 with the apiserver's message). The admin token is made once per cluster and survives restarts.
/// </summary>
public sealed class ClusterAuth : IDisposable
{
    public ClusterAuth(ResourceService api, TimeProvider clock)
    {
        AdminToken = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Tokens = new ServiceAccountTokens(api.Store, clock);
        Authenticator = new Authenticator(AdminToken, Tokens);
        Authorizer = new RbacAuthorizer(api.Store);
        Endpoints = new AuthEndpoints(api, Tokens, Authenticator, Authorizer, clock);
        Certificate = ServingCertificate.Create();
    }

    /// <summary>The CA and serving certificate of the HTTPS listener.</summary>
    public ServingCertificate Certificate { get; }

    /// <summary>The token of the cluster's kubeconfig: user kubecontainers-admin in system:masters.</summary>
    public string AdminToken { get; }

    public ServiceAccountTokens Tokens { get; }

    public Authenticator Authenticator { get; }

    public RbacAuthorizer Authorizer { get; }

    public AuthEndpoints Endpoints { get; }

    /// <summary>The user a request acts as, once it may do what it asks; throws the 401 or 403 otherwise.</summary>
    public UserInfo Admit(HttpRequest request)
    {
        var caller = Authenticator.Authenticate(request);
        var user = Impersonation.Apply(request, caller, Authorizer.Authorize);
        var attributes = RequestInfo.Of(request, user);
        var decision = Authorizer.Authorize(attributes);
        return decision.Allowed ? user : throw attributes.Forbidden(decision.Reason);
    }

    public void Dispose()
    {
        Tokens.Dispose();
        Certificate.Dispose();
    }
}
