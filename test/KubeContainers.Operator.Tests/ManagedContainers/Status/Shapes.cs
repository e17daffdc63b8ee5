using System.Globalization;
using k8s;
using k8s.Models;

namespace KubeContainers.Operator.Tests.ManagedContainers.Status;

/// <summary>
/// Pods, Events, Deployments, Jobs and Nodes as a real cluster returns them (kubectl get -o json), written as JSON
/// so each case reads like what a kubelet or controller writes. Times are seconds before <see cref="Now"/>.
/// </summary>
internal static class Shapes
{
    public static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static string Ago(double seconds) =>
        (Now - TimeSpan.FromSeconds(seconds)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static V1Pod Pod(
        string name,
        string phase,
        string conditions,
        string containerStatuses,
        string node = "node-1",
        string image = "ghcr.io/acme/web:1.0",
        string container = """ "name": "app" """,
        string extraMeta = "",
        string ownerUid = "rs-uid-new",
        string initStatuses = "")
    {
        var nodeName = node.Length > 0 ? $""" "nodeName": "{node}", """ : "";
        return KubernetesJson.Deserialize<V1Pod>($$"""
            {
              "apiVersion": "v1", "kind": "Pod",
              "metadata": {
                "name": "{{name}}", "namespace": "team-a", "uid": "uid-{{name}}", {{extraMeta}}
                "labels": { "kubecontainers.io/container": "web", "pod-template-hash": "5d8f7c9b4" },
                "ownerReferences": [ { "apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-5d8f7c9b4", "uid": "{{ownerUid}}", "controller": true, "blockOwnerDeletion": true } ]
              },
              "spec": {
                {{nodeName}}
                "restartPolicy": "Always",
                "containers": [ { {{container}}, "image": "{{image}}" } ]
              },
              "status": {
                "phase": "{{phase}}",
                "conditions": [ {{conditions}} ],
                "initContainerStatuses": [ {{initStatuses}} ],
                "containerStatuses": [ {{containerStatuses}} ]
              }
            }
            """)!;
    }

    public static string Condition(string type, string status, double secondsAgo = 60, string reason = "", string message = "")
    {
        var extra = (reason.Length > 0 ? $""", "reason": "{reason}" """ : "") + (message.Length > 0 ? $""", "message": {Quote(message)} """ : "");
        return $$"""{ "type": "{{type}}", "status": "{{status}}", "lastProbeTime": null, "lastTransitionTime": "{{Ago(secondsAgo)}}" {{extra}} }""";
    }

    /// <summary>The five conditions of a pod on a node whose containers are (not) ready since <paramref name="readySince"/>.</summary>
    public static string BoundConditions(bool ready, double readySince = 60)
    {
        var readyStatus = ready ? "True" : "False";
        var reason = ready ? "" : "ContainersNotReady";
        var message = ready ? "" : "containers with unready status: [app]";
        return string.Join(", ",
            Condition("PodReadyToStartContainers", "True", 120),
            Condition("Initialized", "True", 120),
            Condition("Ready", readyStatus, readySince, reason, message),
            Condition("ContainersReady", readyStatus, readySince, reason, message),
            Condition("PodScheduled", "True", 120));
    }

    public static string Running(bool ready, double startedAgo = 120, bool? started = true, int restarts = 0, string lastState = "{}") =>
        ContainerStatus(
            $$"""{ "running": { "startedAt": "{{Ago(startedAgo)}}" } }""", ready, started, restarts, lastState, pulled: true);

    public static string Waiting(string reason, string? message = null, int restarts = 0, string lastState = "{}", bool pulled = false, bool? started = false)
    {
        var text = message is null ? "" : $""", "message": {Quote(message)} """;
        return ContainerStatus($$"""{ "waiting": { "reason": "{{reason}}" {{text}} } }""", false, started, restarts, lastState, pulled);
    }

    public static string Terminated(int exitCode, string reason, double finishedAgo = 5, string message = "") =>
        $$"""{ "terminated": { "exitCode": {{exitCode}}, "reason": "{{reason}}", {{(message.Length > 0 ? $"\"message\": {Quote(message)}," : "")}} "startedAt": "{{Ago(finishedAgo + 1)}}", "finishedAt": "{{Ago(finishedAgo)}}", "containerID": "containerd://0f3c" } }""";

    public static string TerminatedNow(int exitCode, string reason, int restarts = 0) =>
        ContainerStatus(Terminated(exitCode, reason), false, false, restarts, "{}", pulled: true);

    public static string ContainerStatus(string state, bool ready, bool? started, int restarts, string lastState, bool pulled, string name = "app")
    {
        var imageId = pulled ? "ghcr.io/acme/web@sha256:9b2f4c1e" : "";
        var startedText = started is null ? "" : $""" "started": {(started.Value ? "true" : "false")}, """;
        return $$"""
            { "name": "{{name}}", "image": "ghcr.io/acme/web:1.0", "imageID": "{{imageId}}", "ready": {{(ready ? "true" : "false")}}, {{startedText}}
              "restartCount": {{restarts}}, "state": {{state}}, "lastState": {{lastState}} }
            """;
    }

    public static Corev1Event Event(string podName, string type, string reason, string message, double secondsAgo = 10, string fieldPath = "spec.containers{app}", int count = 1,
        string kind = "Pod", string? uid = null, string component = "kubelet")
    {
        var path = fieldPath.Length > 0 ? $""", "fieldPath": "{fieldPath}" """ : "";
        return KubernetesJson.Deserialize<Corev1Event>($$"""
            {
              "apiVersion": "v1", "kind": "Event",
              "metadata": { "name": "{{podName}}.1829a7c4f00e5b3a", "namespace": "team-a" },
              "involvedObject": { "kind": "{{kind}}", "namespace": "team-a", "name": "{{podName}}", "uid": "{{uid ?? "uid-" + podName}}" {{path}} },
              "reason": "{{reason}}", "message": {{Quote(message)}}, "type": "{{type}}", "count": {{count}},
              "source": { "component": "{{component}}" },
              "firstTimestamp": "{{Ago(secondsAgo + 30)}}", "lastTimestamp": "{{Ago(secondsAgo)}}",
              "reportingComponent": "{{component}}", "reportingInstance": ""
            }
            """)!;
    }

    public static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
