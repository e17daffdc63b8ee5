using k8s;
using k8s.Models;
using static KubeContainers.Operator.Tests.ManagedContainers.Status.Shapes;

namespace KubeContainers.Operator.Tests.ManagedContainers.Status;

/// <summary>Deployments, ReplicaSets, Jobs and Nodes as the controllers and kubelets write them.</summary>
internal static class WorkloadShapes
{
    public const string Template = """
        { "metadata": { "labels": { "kubecontainers.io/container": "web" } },
          "spec": { "containers": [ { "name": "app", "image": "ghcr.io/acme/web:1.1", "resources": {}, "terminationMessagePath": "/dev/termination-log",
            "terminationMessagePolicy": "File", "imagePullPolicy": "IfNotPresent" } ],
            "restartPolicy": "Always", "terminationGracePeriodSeconds": 30, "dnsPolicy": "ClusterFirst", "schedulerName": "default-scheduler" } }
        """;

    public static string DeploymentCondition(string type, string status, string reason, string message, double secondsAgo = 30) =>
        $$"""{ "type": "{{type}}", "status": "{{status}}", "lastUpdateTime": "{{Ago(secondsAgo)}}", "lastTransitionTime": "{{Ago(secondsAgo)}}", "reason": "{{reason}}", "message": {{Quote(message)}} }""";

    public static V1Deployment Deployment(
        int replicas, string status, long generation = 2, string revision = "2", string template = Template) =>
        KubernetesJson.Deserialize<V1Deployment>($$"""
            {
              "apiVersion": "apps/v1", "kind": "Deployment",
              "metadata": { "name": "web", "namespace": "team-a", "uid": "deploy-uid", "generation": {{generation}},
                "annotations": { "deployment.kubernetes.io/revision": "{{revision}}" } },
              "spec": {
                "replicas": {{replicas}}, "progressDeadlineSeconds": 600, "revisionHistoryLimit": 10,
                "selector": { "matchLabels": { "kubecontainers.io/container": "web" } },
                "strategy": { "type": "RollingUpdate", "rollingUpdate": { "maxSurge": "25%", "maxUnavailable": "25%" } },
                "template": {{template}}
              },
              "status": {{status}}
            }
            """)!;

    public static V1ReplicaSet ReplicaSet(string hash, string uid, string revision, string template, string owner = "deploy-uid")
    {
        var labelled = template.Replace(
            "\"kubecontainers.io/container\": \"web\" }",
            $"\"kubecontainers.io/container\": \"web\", \"pod-template-hash\": \"{hash}\" }}",
            StringComparison.Ordinal);
        return KubernetesJson.Deserialize<V1ReplicaSet>($$"""
            {
              "apiVersion": "apps/v1", "kind": "ReplicaSet",
              "metadata": { "name": "web-{{hash}}", "namespace": "team-a", "uid": "{{uid}}",
                "annotations": { "deployment.kubernetes.io/revision": "{{revision}}", "deployment.kubernetes.io/desired-replicas": "2" },
                "ownerReferences": [ { "apiVersion": "apps/v1", "kind": "Deployment", "name": "web", "uid": "{{owner}}", "controller": true, "blockOwnerDeletion": true } ] },
              "spec": { "replicas": 2, "selector": { "matchLabels": { "kubecontainers.io/container": "web", "pod-template-hash": "{{hash}}" } }, "template": {{labelled}} }
            }
            """)!;
    }

    public static V1Job Job(string status, string restartPolicy = "Never") => KubernetesJson.Deserialize<V1Job>($$"""
        {
          "apiVersion": "batch/v1", "kind": "Job",
          "metadata": { "name": "migrate", "namespace": "team-a", "uid": "job-uid", "generation": 1 },
          "spec": { "backoffLimit": 2, "completions": 1, "parallelism": 1,
            "template": { "spec": { "restartPolicy": "{{restartPolicy}}", "containers": [ { "name": "app", "image": "ghcr.io/acme/migrate:1" } ] } } },
          "status": {{status}}
        }
        """)!;

    public static string JobCondition(string type, string reason, string message, double secondsAgo = 5) =>
        $$"""{ "type": "{{type}}", "status": "True", "lastProbeTime": "{{Ago(secondsAgo)}}", "lastTransitionTime": "{{Ago(secondsAgo)}}", "reason": "{{reason}}", "message": {{Quote(message)}} }""";

    /// <summary>A finished pod of the Job: Succeeded or Failed with the container's exit code.</summary>
    public static V1Pod JobPod(string name, int exitCode, double finishedAgo, string reason = "", string restartPolicy = "Never")
    {
        var phase = exitCode == 0 ? "Succeeded" : "Failed";
        var pod = Pod(name, phase, Condition("PodScheduled", "True", finishedAgo + 5),
            ContainerStatus(Terminated(exitCode, reason.Length > 0 ? reason : exitCode == 0 ? "Completed" : "Error", finishedAgo), false, false, 0, "{}", pulled: true),
            image: "ghcr.io/acme/migrate:1", ownerUid: "job-uid");
        pod.Spec.RestartPolicy = restartPolicy;
        pod.Metadata.OwnerReferences[0].Kind = "Job";
        pod.Metadata.OwnerReferences[0].Name = "migrate";
        return pod;
    }

    public static V1Node Node(string name, params string[] handlers)
    {
        var runtimeHandlers = handlers.Length == 0
            ? ""
            : ", \"runtimeHandlers\": [" + string.Join(", ", handlers.Select(h =>
                $$"""{ "name": "{{h}}", "features": { "recursiveReadOnlyMounts": true, "userNamespaces": false } }""")) + "]";
        return KubernetesJson.Deserialize<V1Node>($$"""
            {
              "apiVersion": "v1", "kind": "Node",
              "metadata": { "name": "{{name}}", "labels": { "kubernetes.io/arch": "amd64", "kubernetes.io/os": "linux" } },
              "status": { "nodeInfo": { "containerRuntimeVersion": "containerd://1.7.22", "kubeletVersion": "v1.31.2", "architecture": "amd64",
                "operatingSystem": "linux", "osImage": "Ubuntu 24.04", "kernelVersion": "6.8.0", "bootID": "b", "machineID": "m", "systemUUID": "s",
                "kubeProxyVersion": "v1.31.2" } {{runtimeHandlers}} }
            }
            """)!;
    }
}
