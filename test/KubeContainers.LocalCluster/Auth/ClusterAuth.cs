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

    /// <summary>
    /// The 403s authorization answered, newest last (the first 10,000 kept): what the audit log of a real cluster
    /// would show. Tests read it to prove a client (the operator as its ServiceAccount) was never refused.
    /// </summary>
    public IReadOnlyList<Denial> Denials => [.. denials];

    private readonly System.Collections.Concurrent.ConcurrentQueue<Denial> denials = new();

    /// <summary>The user a request acts as, once it may do what it asks; throws the 401 or 403 otherwise.</summary>
    public UserInfo Admit(HttpRequest request)
    {
        var caller = Authenticator.Authenticate(request);
        var user = Impersonation.Apply(request, caller, Authorizer.Authorize);
        var attributes = RequestInfo.Of(request, user);
        var decision = Authorizer.Authorize(attributes);
        if (decision.Allowed)
        {
            return user;
        }

        throw Refuse(request, attributes, decision.Reason);
    }

    /// <summary>
    /// A further check a handler makes beyond the request's own attributes (the create a WebSocket upgrade of
    /// pods/exec needs besides its get); throws the 403 when the user may not.
    /// </summary>
    public void Require(HttpRequest request, AuthorizationAttributes attributes)
    {
        var decision = Authorizer.Authorize(attributes);
        if (!decision.Allowed)
        {
            throw Refuse(request, attributes, decision.Reason);
        }
    }

    private Api.ApiException Refuse(HttpRequest request, AuthorizationAttributes attributes, string reason)
    {
        var refusal = attributes.Forbidden(reason);
        if (denials.Count < 10_000)
        {
            denials.Enqueue(new Denial(attributes.User.Name, request.Headers.UserAgent.ToString(), attributes.Verb, refusal.Message));
        }

        return refusal;
    }

    public void Dispose()
    {
        Tokens.Dispose();
        Certificate.Dispose();
    }
}

/// <summary>One refused request: who, with which client (its User-Agent), the verb, and the apiserver's message (which
/// names the resource and namespace).</summary>
public sealed record Denial(string User, string UserAgent, string Verb, string Message);
