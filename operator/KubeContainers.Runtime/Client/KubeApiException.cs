using System.Net;

namespace KubeContainers.Runtime.Client;

/// <summary>An API server answer other than success, or a watch ERROR event.</summary>
public sealed class KubeApiException : Exception
{
    public KubeApiException(HttpStatusCode statusCode, string? reason, string message, Exception? inner = null)
        : base(message, inner)
    {
        StatusCode = statusCode;
        Reason = reason;
    }

    public HttpStatusCode StatusCode { get; }

    public string? Reason { get; }

    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;

    /// <summary>A stale resourceVersion, or (see <see cref="IsAlreadyExists"/>) a create of an existing name.</summary>
    public bool IsConflict => StatusCode == HttpStatusCode.Conflict;

    public bool IsAlreadyExists => StatusCode == HttpStatusCode.Conflict && Reason == "AlreadyExists";

    /// <summary>
    /// The API server refused the request for what it asks (a quota, an admission webhook or policy, Pod Security,
    /// RBAC, an invalid object): a 4xx other than a conflict or a missing object (races a later reconcile resolves),
    /// 401 (credentials) and 429 (throttling). Retrying it unchanged fails the same way until the cause changes.
    /// </summary>
    public bool IsRefusal => (int)StatusCode is >= 400 and < 500 &&
        StatusCode is not (HttpStatusCode.Conflict or HttpStatusCode.NotFound or HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests);

    /// <summary>The requested resource version is too old: the watcher must re-list.</summary>
    public bool IsGone => StatusCode == HttpStatusCode.Gone;
}
