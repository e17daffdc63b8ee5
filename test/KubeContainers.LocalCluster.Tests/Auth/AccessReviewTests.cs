using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Tests.Auth;

/// <summary>The review APIs over HTTP: SubjectAccessReview, LocalSubjectAccessReview, SelfSubjectAccessReview and their validation.</summary>
[ClusterTest]
public sealed class AccessReviewTests : IAsyncLifetime
{
    private LocalCluster _cluster = null!;
    private HttpClient _http = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _cluster = await LocalCluster.StartAsync(new LocalClusterOptions { EnableControllers = false }, Ct);
        _http = _cluster.CreateHttpClient();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _cluster.DisposeAsync();
    }

    private async Task<(HttpStatusCode Code, JsonNode Body)> PostAsync(string path, string json)
    {
        using var response = await _http.PostAsync(new Uri(path, UriKind.Relative), new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Ct);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!);
    }

    [Fact]
    public async Task A_subject_access_review_answers_for_the_user_and_groups_it_names()
    {
        var (code, body) = await PostAsync("/apis/authorization.k8s.io/v1/subjectaccessreviews",
            """{"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview","spec":{"user":"ivy","groups":["system:masters"],"resourceAttributes":{"verb":"delete","resource":"nodes","name":"n1"}}}""");

        code.ShouldBe(HttpStatusCode.Created);
        body["kind"]!.GetValue<string>().ShouldBe("SubjectAccessReview");
        body["status"]!["allowed"]!.GetValue<bool>().ShouldBeTrue();

        (_, body) = await PostAsync("/apis/authorization.k8s.io/v1/subjectaccessreviews",
            """{"spec":{"groups":["system:authenticated"],"nonResourceAttributes":{"verb":"get","path":"/apis"}}}""");
        body["status"]!["allowed"]!.GetValue<bool>().ShouldBeTrue();
        body["status"]!["reason"]!.GetValue<string>().ShouldBe("RBAC: allowed by ClusterRoleBinding \"system:discovery\" of ClusterRole \"system:discovery\" to Group \"system:authenticated\"");
    }

    [Fact]
    public async Task Reviews_are_validated_as_upstream()
    {
        var (code, body) = await PostAsync("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", """{"spec":{}}""");
        code.ShouldBe(HttpStatusCode.UnprocessableEntity);
        body["message"]!.GetValue<string>().ShouldBe("SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.resourceAttributes: Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified");

        (code, body) = await PostAsync("/apis/authorization.k8s.io/v1/subjectaccessreviews", """{"spec":{"resourceAttributes":{"verb":"get","resource":"pods"}}}""");
        code.ShouldBe(HttpStatusCode.UnprocessableEntity);
        body["message"]!.GetValue<string>().ShouldContain("spec.user: Invalid value: \"\": at least one of user or group must be specified");

        (code, body) = await PostAsync("/apis/authorization.k8s.io/v1/namespaces/default/localsubjectaccessreviews",
            """{"spec":{"user":"ivy","resourceAttributes":{"namespace":"other","verb":"get","resource":"pods"}}}""");
        code.ShouldBe(HttpStatusCode.BadRequest);
        body["message"]!.GetValue<string>().ShouldBe("spec.resourceAttributes.namespace must match namespace: default");

        using var list = await _http.GetAsync(new Uri("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", UriKind.Relative), Ct);
        list.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Discovery_lists_the_reviews_and_the_token_subresource_with_verb_create()
    {
        var authorization = await _http.GetFromJsonAsync<JsonObject>(new Uri("/apis/authorization.k8s.io/v1", UriKind.Relative), Ct);
        authorization!["resources"]!.AsArray().Select(r => $"{r!["name"]} {r["namespaced"]} {r["verbs"]!.ToJsonString()}").ShouldBe(
        [
            "localsubjectaccessreviews true [\"create\"]", "selfsubjectaccessreviews false [\"create\"]",
            "selfsubjectrulesreviews false [\"create\"]", "subjectaccessreviews false [\"create\"]",
        ], ignoreOrder: true);
        var core = await _http.GetFromJsonAsync<JsonObject>(new Uri("/api/v1", UriKind.Relative), Ct);
        var token = core!["resources"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "serviceaccounts/token")!;
        token.ToJsonString().ShouldBe("""{"name":"serviceaccounts/token","singularName":"","namespaced":true,"group":"authentication.k8s.io","version":"v1","kind":"TokenRequest","verbs":["create"]}""");
    }
}
