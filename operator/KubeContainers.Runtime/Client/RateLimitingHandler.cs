using System.Net;
using KubeContainers.Runtime.Hosting;

namespace KubeContainers.Runtime.Client;

/// <summary>Sits under KubernetesClient: every request waits for a token, a 429 is retried after the server's
/// Retry-After, and every answer is counted by verb and code.</summary>
internal sealed class RateLimitingHandler(TokenBucket bucket, TimeProvider time, int maxTooManyRequestsRetries = 10) : DelegatingHandler
{
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(60);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var verb = Verb(request);
        for (var attempt = 0; ; attempt++)
        {
            await bucket.WaitAsync(cancellationToken).ConfigureAwait(false);
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                RuntimeMetrics.ApiRequests.WithLabels(verb, "error").Inc();
                throw;
            }

            RuntimeMetrics.ApiRequests.WithLabels(verb, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();
            if (response.StatusCode != HttpStatusCode.TooManyRequests || attempt >= maxTooManyRequestsRetries)
            {
                return response;
            }

            var wait = RetryAfter(response);
            response.Dispose();
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private TimeSpan RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta
            ?? (header?.Date is { } date ? date - time.GetUtcNow() : DefaultRetryAfter);
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxRetryAfter ? MaxRetryAfter : wait;
    }

    private static string Verb(HttpRequestMessage request)
    {
        var query = request.RequestUri?.Query ?? "";
        if (request.Method == HttpMethod.Get && query.Contains("watch=true", StringComparison.OrdinalIgnoreCase))
        {
            return "WATCH";
        }

        return request.Method.Method;
    }
}
