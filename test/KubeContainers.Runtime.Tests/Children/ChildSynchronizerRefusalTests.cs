using System.Net;
using k8s.Models;
using KubeContainers.Runtime.Children;
using KubeContainers.Runtime.Client;
using KubeContainers.Runtime.Tests.Fakes;

namespace KubeContainers.Runtime.Tests.Children;

/// <summary>A write the API server refuses (a quota, a webhook, RBAC) comes back as Refused with its answer, so the
/// caller can report it and go on; races (409, 404) and throttling still throw, for the runtime to retry.</summary>
public sealed class ChildSynchronizerRefusalTests
{
    private static readonly ObjectKey Key = new("default", "web");
    private readonly FakeKubeClient client = new();
    private readonly ChildSyncOptions<V1ConfigMap> owned = SyncKit.OwnedByTestOwner<V1ConfigMap>();

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, "configmaps \"web\" is forbidden: admission webhook \"x\" denied the request: no")]
    [InlineData(HttpStatusCode.BadRequest, "admission webhook \"x\" denied the request: no")]
    [InlineData(HttpStatusCode.UnprocessableEntity, "ConfigMap \"web\" is invalid: data: Too long")]
    public async Task A_refused_create_is_Refused_with_the_answer_and_nothing_written(HttpStatusCode code, string message)
    {
        client.React((verb, _) => verb == "create" ? new KubeApiException(code, "Forbidden", message) : null);

        var result = await SyncKit.Synchronizer(client).SyncAsync(Key, SyncKit.ConfigMap("web", new() { ["a"] = "1" }), owned, Ct);

        result.Outcome.ShouldBe(ChildSyncOutcome.Refused);
        result.Current.ShouldBeNull();
        result.Refusal!.Message.ShouldBe(message);
        client.Writes.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_refused_update_keeps_the_child_as_it_was()
    {
        var sync = SyncKit.Synchronizer(client);
        await sync.SyncAsync(Key, SyncKit.ConfigMap("web", new() { ["a"] = "1" }), owned, Ct);
        client.React((verb, _) => verb == "update" ? new KubeApiException(HttpStatusCode.Forbidden, "Forbidden", "exceeded quota: q, requested: a=1, used: a=1, limited: a=1") : null);

        var result = await sync.SyncAsync(Key, SyncKit.ConfigMap("web", new() { ["a"] = "2" }), owned, Ct);

        result.Outcome.ShouldBe(ChildSyncOutcome.Refused);
        result.Current!.Data["a"].ShouldBe("1");
    }

    [Theory]
    [InlineData(HttpStatusCode.Conflict)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task Races_throttling_and_server_errors_still_throw(HttpStatusCode code)
    {
        client.React((verb, _) => verb == "create" ? new KubeApiException(code, null, "try again") : null);

        var error = await Should.ThrowAsync<KubeApiException>(() =>
            SyncKit.Synchronizer(client).SyncAsync(Key, SyncKit.ConfigMap("web", new() { ["a"] = "1" }), owned, Ct));

        error.StatusCode.ShouldBe(code);
    }
}
