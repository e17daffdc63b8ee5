using System.Text.Json.Nodes;

namespace KubeContainers.LocalCluster.Controllers.Kubelet;

/// <summary>
/// One container at one moment of its simulated life. <c>Stage</c> names the step (events are written once per
/// stage); <c>Events</c> are those to write on entering it (type, reason, message); <c>NextChange</c> is when the
/// view changes next without any outside change (null: never).
/// </summary>
internal sealed record ContainerView(
    string Stage,
    JsonObject State,
    JsonObject LastState,
    bool Ready,
    bool Started,
    bool Pulled,
    int RestartCount,
    bool Finished,
    int ExitCode,
    TimeSpan? NextChange,
    IReadOnlyList<(string Type, string Reason, string Message)> Events);
