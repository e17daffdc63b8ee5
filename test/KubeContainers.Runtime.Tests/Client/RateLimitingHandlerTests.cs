using System.Net;
using System.Net.Http.Headers;
using KubeContainers.Runtime.Client;
using Microsoft.Extensions.Time.Testing;

namespace KubeContainers.Runtime.Tests.Client;

public sealed class RateLimitingHandlerTests
{
    private readonly FakeTimeProvider time = new();

    [Fact]
    public async Task A_429_is_retried_after_the_servers_Retry_After()
    {
        var answers = new Queue<HttpStatusCode>([HttpStatusCode.TooManyRequests, HttpStatusCode.OK]);
        using var client = Client(new ScriptedHandler(answers, retryAfterSeconds: 3), qps: 100, burst: 100);

        var call = client.GetAsync(new Uri("http://api/api/v1/configmaps"), TestContext.Current.CancellationToken);
        await WaitUntil(() => answers.Count == 1);
        time.Advance(TimeSpan.FromSeconds(2));
        call.IsCompleted.ShouldBeFalse();
        time.Advance(TimeSpan.FromSeconds(1));

        using var response = await call.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Requests_beyond_the_burst_wait_for_a_token()
    {
        var answers = new Queue<HttpStatusCode>([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK]);
        using var client = Client(new ScriptedHandler(answers, retryAfterSeconds: 0), qps: 1, burst: 2);

        (await client.GetAsync(new Uri("http://api/a"), TestContext.Current.CancellationToken)).Dispose();
        (await client.GetAsync(new Uri("http://api/b"), TestContext.Current.CancellationToken)).Dispose();
        var third = client.GetAsync(new Uri("http://api/c"), TestContext.Current.CancellationToken);
        await Task.Yield();
        third.IsCompleted.ShouldBeFalse();

        time.Advance(TimeSpan.FromSeconds(1));
        (await third.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)).Dispose();
        answers.ShouldBeEmpty();
    }

    private HttpClient Client(HttpMessageHandler inner, double qps, int burst) =>
        new(new RateLimitingHandler(new TokenBucket(qps, burst, time), time) { InnerHandler = inner });

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "condition not met in time");
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }

    private sealed class ScriptedHandler(Queue<HttpStatusCode> answers, int retryAfterSeconds) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(answers.Dequeue()) { RequestMessage = request };
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(retryAfterSeconds));
            }

            return Task.FromResult(response);
        }
    }
}
