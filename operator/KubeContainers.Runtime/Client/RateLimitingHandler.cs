using System.Net;
using KubeContainers.Runtime.Hosting;

namespace KubeContainers.Runtime.Client;

/// <summary>Sits under KubernetesClient: every request waits for a token, a 429 is retried after the server's
/// Retry-After, and every answer is counted as client-go counts it: rest_client_requests_total by status code (or
/// &lt;error&gt; when no answer came), HTTP method and host:port.</summary>
internal sealed class RateLimitingHandler(TokenBucket bucket, TimeProvider time, int maxTooManyRequestsRetries = 10) : DelegatingHandler
{
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(60);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var method = request.Method.Method;
        var host = request.RequestUri is { IsAbsoluteUri: true } uri ? uri.Authority : "";
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
                RuntimeMetrics.RestClientRequests.WithLabels("<error>", method, host).Inc();
                throw;
            }

            var code = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            RuntimeMetrics.RestClientRequests.WithLabels(code, method, host).Inc();
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
}
