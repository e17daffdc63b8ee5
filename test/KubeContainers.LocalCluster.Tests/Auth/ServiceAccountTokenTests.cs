using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Auth;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;
using Microsoft.Extensions.Time.Testing;

namespace KubeContainers.LocalCluster.Tests.Auth;

/// <summary>TokenRequest tokens: who they authenticate as, and when they stop working.</summary>
[ClusterTest]
public sealed class ServiceAccountTokenTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private LocalCluster _cluster = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _cluster = await LocalCluster.StartAsync(new LocalClusterOptions { EnableControllers = false, Clock = _time }, Ct);

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    private void CreateAccount(string name) =>
        _cluster.Api.Create(BuiltinResources.ServiceAccounts, "default",
            new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ServiceAccount", ["metadata"] = new JsonObject { ["name"] = name } }, WriteOptions.System("test"));

    [Fact]
    public async Task A_token_authenticates_as_its_service_account_until_it_expires()
    {
        CreateAccount("bot");
        var token = await _cluster.CreateServiceAccountTokenAsync("default", "bot", TimeSpan.FromMinutes(10));

        var user = _cluster.Auth.Authenticator.AuthenticateToken(token).ShouldNotBeNull();
        user.Name.ShouldBe("system:serviceaccount:default:bot");
        user.Groups.ShouldBe(["system:serviceaccounts", "system:serviceaccounts:default", "system:authenticated"]);
        user.Uid.ShouldBe(_cluster.Api.Get(BuiltinResources.ServiceAccounts, "default", "bot").Uid());

        _time.Advance(TimeSpan.FromMinutes(9));
        _cluster.Auth.Authenticator.AuthenticateToken(token).ShouldNotBeNull();
        _time.Advance(TimeSpan.FromMinutes(1));
        _cluster.Auth.Authenticator.AuthenticateToken(token).ShouldBeNull();
    }

    [Fact]
    public async Task A_token_stops_working_when_its_account_is_deleted_or_recreated()
    {
        CreateAccount("robot");
        var token = await _cluster.CreateServiceAccountTokenAsync("default", "robot");
        _cluster.Api.Delete(BuiltinResources.ServiceAccounts, "default", "robot", new DeleteOptions());
        _cluster.Auth.Authenticator.AuthenticateToken(token).ShouldBeNull();

        CreateAccount("robot");
        _cluster.Auth.Authenticator.AuthenticateToken(token).ShouldBeNull();
        _cluster.Auth.Authenticator.AuthenticateToken(await _cluster.CreateServiceAccountTokenAsync("default", "robot")).ShouldNotBeNull();
    }

    [Fact]
    public async Task Tokens_are_refused_for_a_missing_account_a_short_duration_or_a_foreign_audience()
    {
        (await Should.ThrowAsync<ApiException>(() => _cluster.CreateServiceAccountTokenAsync("default", "nobody")))
            .Message.ShouldBe("serviceaccounts \"nobody\" not found");
        CreateAccount("shy");
        (await Should.ThrowAsync<ApiException>(() => _cluster.CreateServiceAccountTokenAsync("default", "shy", TimeSpan.FromMinutes(5))))
            .Message.ShouldBe("TokenRequest.authentication.k8s.io \"\" is invalid: spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes");

        var vault = _cluster.Auth.Endpoints.CreateToken("default", "shy", JsonNode.Parse("""{"spec":{"audiences":["vault"]}}""")!.AsObject());
        _cluster.Auth.Authenticator.AuthenticateToken(vault["status"]!["token"]!.GetValue<string>()).ShouldBeNull();
        _cluster.Auth.Authenticator.AuthenticateToken("not-a-token").ShouldBeNull();
        _cluster.Auth.Authenticator.AuthenticateToken(_cluster.AdminToken).ShouldBe(UserInfo.Admin);
    }
}
