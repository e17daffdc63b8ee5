using KubeContainers.LocalCluster.Auth;
using Microsoft.AspNetCore.Http;

namespace KubeContainers.LocalCluster.Server;

/// <summary>The pod subresources the kubelet serves through the apiserver: <c>log</c>, <c>exec</c> and <c>attach</c>.</summary>
internal sealed class PodStreams(ResourceService api, ClusterAuth auth, LocalClusterOptions options)
{
    public const string Log = "log";

    public const string Exec = "exec";

    public const string Attach = "attach";

    private readonly PodLogs _logs = new(api, options);

    private readonly PodExec _exec = new(api, auth, options);

    public Task ServeAsync(HttpContext context, string ns, string name, string subresource, UserInfo user) =>
        subresource == Log ? _logs.ServeAsync(context, ns, name) : _exec.ServeAsync(context, ns, name, subresource, user);
}
