using System.Text.Json;
using k8s.Autorest;

namespace KubeContainers.Cli;

/// <summary>The apiserver's own message from a refused request (its Status body), as kubectl prints it.</summary>
internal static class ApiErrors
{
    public static string Describe(HttpOperationException e)
    {
        try
        {
            using var status = JsonDocument.Parse(e.Response.Content);
            if (status.RootElement.TryGetProperty("message", out var message) && message.GetString() is { Length: > 0 } text)
            {
                return text;
            }
        }
        catch (JsonException)
        {
            // Not a Status body: fall back to the HTTP status.
        }

        return $"the server answered {(int)e.Response.StatusCode} {e.Response.ReasonPhrase}";
    }
}
