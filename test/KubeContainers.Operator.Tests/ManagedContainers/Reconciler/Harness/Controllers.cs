using k8s.Models;
using KubeContainers.Operator.ManagedContainers;
using KubeContainers.Operator.ManagedContainers.Status;

namespace KubeContainers.Operator.Tests.ManagedContainers.Reconciler.Harness;

/// <summary>
/// What Kubernetes' own controllers and kubelets write after the operator's children exist: a Deployment rolled out
/// with running pods, an Ingress given an address, a Job run to its end. Through the fake API, like any other client.
/// </summary>
internal sealed class Controllers(Cluster cluster)
{
    private static readonly DateTime Started = Cluster.Start.AddMinutes(-30).UtcDateTime;

    /// <summary>The rollout of the current generation is done and every replica is ready, with its ReplicaSet and pods.</summary>
    public async Task RolloutDoneAsync(string name = "web")
    {
        var deployment = cluster.Get<V1Deployment>(name);
        var replicas = deployment.Spec.Replicas ?? 1;
        deployment.Status = new V1DeploymentStatus
        {
            ObservedGeneration = deployment.Metadata.Generation,
            Replicas = replicas,
            ReadyReplicas = replicas,
            UpdatedReplicas = replicas,
            AvailableReplicas = replicas,
            Conditions =
            [
                new V1DeploymentCondition { Type = "Available", Status = "True", Reason = "MinimumReplicasAvailable" },
                new V1DeploymentCondition { Type = "Progressing", Status = "True", Reason = "NewReplicaSetAvailable" },
            ],
        };
        await cluster.Api.UpdateStatusAsync(deployment, Cluster.Ct);

        var hash = "5d8f7c9b6";
        var template = k8s.KubernetesJson.Deserialize<V1PodTemplateSpec>(k8s.KubernetesJson.Serialize(deployment.Spec.Template));
        template.Metadata.Labels[DeploymentPods.PodTemplateHashLabel] = hash;
        var replicaSet = await cluster.Api.CreateAsync(
            new V1ReplicaSet
            {
                ApiVersion = "apps/v1",
                Kind = "ReplicaSet",
                Metadata = new V1ObjectMeta
                {
                    Name = $"{name}-{hash}",
                    NamespaceProperty = deployment.Metadata.NamespaceProperty,
                    Labels = template.Metadata.Labels,
                    OwnerReferences = [Owner("apps/v1", "Deployment", deployment.Metadata)],
                },
                Spec = new V1ReplicaSetSpec { Replicas = replicas, Selector = deployment.Spec.Selector, Template = template },
            },
            Cluster.Ct);

        for (var i = 0; i < replicas; i++)
        {
            await cluster.Api.CreateAsync(RunningPod($"{name}-{hash}-{i}", template, Owner("apps/v1", "ReplicaSet", replicaSet.Metadata)), Cluster.Ct);
        }
    }

    /// <summary>The Deployment's ReplicaSet exists (with <paramref name="readyPods"/> of its replicas) and its
    /// controller has not got further: the pods are refused, or stuck.</summary>
    public async Task<V1ReplicaSet> ReplicaSetAsync(int readyPods = 0, string name = "web")
    {
        var deployment = cluster.Get<V1Deployment>(name);
        var hash = "7b9c5d4f8";
        var template = k8s.KubernetesJson.Deserialize<V1PodTemplateSpec>(k8s.KubernetesJson.Serialize(deployment.Spec.Template));
        template.Metadata.Labels[DeploymentPods.PodTemplateHashLabel] = hash;
        var replicaSet = await cluster.Api.CreateAsync(
            new V1ReplicaSet
            {
                ApiVersion = "apps/v1",
                Kind = "ReplicaSet",
                Metadata = new V1ObjectMeta
                {
                    Name = $"{name}-{hash}",
                    NamespaceProperty = deployment.Metadata.NamespaceProperty,
                    Labels = template.Metadata.Labels,
                    OwnerReferences = [Owner("apps/v1", "Deployment", deployment.Metadata)],
                },
                Spec = new V1ReplicaSetSpec { Replicas = deployment.Spec.Replicas ?? 1, Selector = deployment.Spec.Selector, Template = template },
            },
            Cluster.Ct);
        replicaSet.Status = new V1ReplicaSetStatus { Replicas = readyPods, ReadyReplicas = readyPods };
        return await cluster.Api.UpdateStatusAsync(replicaSet, Cluster.Ct);
    }

    /// <summary>A pod of the ReplicaSet (or, with <paramref name="ownerKind"/> Job, of the Job) bound to a node whose
    /// kubelet cannot create its sandbox: Pending, its container waiting in ContainerCreating.</summary>
    public async Task<V1Pod> PendingPodAsync(V1ObjectMeta owner, string ownerKind, V1PodTemplateSpec template)
    {
        var pod = RunningPod($"{owner.Name}-q8w2z", template, Owner(ownerKind == "Job" ? "batch/v1" : "apps/v1", ownerKind, owner));
        pod.Status.Phase = "Pending";
        pod.Status.Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "True" }, new V1PodCondition { Type = "Ready", Status = "False" }];
        pod.Status.ContainerStatuses[0].Ready = false;
        pod.Status.ContainerStatuses[0].Started = false;
        pod.Status.ContainerStatuses[0].ImageID = null;
        pod.Status.ContainerStatuses[0].State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ContainerCreating" } };
        return await cluster.Api.CreateAsync(pod, Cluster.Ct);
    }

    /// <summary>A Warning Event about an object, as a kubelet or a controller records it.</summary>
    public async Task WarningAsync(string kind, V1ObjectMeta about, string reason, string message)
    {
        await cluster.Api.CreateAsync(
            new Corev1Event
            {
                ApiVersion = "v1",
                Kind = "Event",
                Metadata = new V1ObjectMeta { Name = $"{about.Name}.{reason.ToLowerInvariant()}", NamespaceProperty = about.NamespaceProperty },
                InvolvedObject = new V1ObjectReference { Kind = kind, Name = about.Name, NamespaceProperty = about.NamespaceProperty, Uid = about.Uid },
                Type = "Warning",
                Reason = reason,
                Message = message,
                Count = 3,
                LastTimestamp = Cluster.Start.AddSeconds(-5).UtcDateTime,
            },
            Cluster.Ct);
    }

    /// <summary>The ingress controller published the Ingress.</summary>
    public async Task IngressAddressAsync(string name = "web", string? @namespace = Objects.Namespace)
    {
        var ingress = cluster.Get<V1Ingress>(name, @namespace);
        ingress.Status = new V1IngressStatus
        {
            LoadBalancer = new V1IngressLoadBalancerStatus { Ingress = [new V1IngressLoadBalancerIngress { Ip = "203.0.113.10" }] },
        };
        await cluster.Api.UpdateStatusAsync(ingress, Cluster.Ct);
    }

    /// <summary>The volume binder bound every claim of the namespace (it writes spec.volumeName too).</summary>
    public async Task ClaimsBoundAsync()
    {
        foreach (var claim in (await cluster.Api.ListAsync<V1PersistentVolumeClaim>(new(Objects.Namespace), Cluster.Ct)).Items)
        {
            claim.Spec.VolumeName = $"pvc-{claim.Metadata.Uid}";
            var updated = await cluster.Api.UpdateAsync(claim, Cluster.Ct);
            updated.Status = new V1PersistentVolumeClaimStatus
            {
                Phase = "Bound",
                AccessModes = claim.Spec.AccessModes,
                Capacity = claim.Spec.Resources.Requests,
            };
            await cluster.Api.UpdateStatusAsync(updated, Cluster.Ct);
        }
    }

    /// <summary>The Job's one pod exited 0 and the Job is Complete.</summary>
    public Task JobSucceededAsync(string name = "web") => JobEndedAsync(name, 0);

    /// <summary>The Job's one pod exited with <paramref name="exitCode"/> and, with no retries, the Job Failed.</summary>
    public Task JobFailedAsync(int exitCode, string name = "web") => JobEndedAsync(name, exitCode);

    private async Task JobEndedAsync(string name, int exitCode)
    {
        var job = cluster.Get<V1Job>(name);
        var pod = RunningPod($"{name}-x7k2p", job.Spec.Template, Owner("batch/v1", "Job", job.Metadata));
        pod.Status.Phase = exitCode == 0 ? "Succeeded" : "Failed";
        pod.Status.Conditions = [new V1PodCondition { Type = "Ready", Status = "False" }];
        pod.Status.ContainerStatuses[0].Ready = false;
        pod.Status.ContainerStatuses[0].State = new V1ContainerState
        {
            Terminated = new V1ContainerStateTerminated
            {
                ExitCode = exitCode,
                Reason = exitCode == 0 ? "Completed" : "Error",
                StartedAt = Started,
                FinishedAt = Started.AddMinutes(5),
            },
        };
        await cluster.Api.CreateAsync(pod, Cluster.Ct);

        var condition = exitCode == 0
            ? new V1JobCondition { Type = "Complete", Status = "True" }
            : new V1JobCondition { Type = "Failed", Status = "True", Reason = "BackoffLimitExceeded", Message = "Job has reached the specified backoff limit" };
        job.Status = new V1JobStatus
        {
            Succeeded = exitCode == 0 ? 1 : null,
            Failed = exitCode == 0 ? null : 1,
            CompletionTime = exitCode == 0 ? Started.AddMinutes(5) : null,
            Conditions = [condition],
        };
        await cluster.Api.UpdateStatusAsync(job, Cluster.Ct);
    }

    private static V1Pod RunningPod(string name, V1PodTemplateSpec template, V1OwnerReference owner) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = Objects.Namespace,
            Labels = new Dictionary<string, string>(template.Metadata.Labels),
            OwnerReferences = [owner],
        },
        Spec = new V1PodSpec { NodeName = "node-1", Containers = template.Spec.Containers },
        Status = new V1PodStatus
        {
            Phase = "Running",
            Conditions =
            [
                new V1PodCondition { Type = "PodScheduled", Status = "True" },
                new V1PodCondition { Type = "Ready", Status = "True" },
            ],
            ContainerStatuses =
            [
                new V1ContainerStatus
                {
                    Name = Names.AppContainer,
                    Image = template.Spec.Containers[0].Image,
                    ImageID = "ghcr.io/acme/web@sha256:" + new string('a', 64),
                    Ready = true,
                    Started = true,
                    RestartCount = 0,
                    State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = Started } },
                },
            ],
        },
    };

    private static V1OwnerReference Owner(string apiVersion, string kind, V1ObjectMeta owner) => new()
    {
        ApiVersion = apiVersion,
        Kind = kind,
        Name = owner.Name,
        Uid = owner.Uid,
        Controller = true,
        BlockOwnerDeletion = true,
    };
}
