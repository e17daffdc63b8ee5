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

    /// <summary>The requested resource version is too old: the watcher must re-list.</summary>
    public bool IsGone => StatusCode == HttpStatusCode.Gone;
}
