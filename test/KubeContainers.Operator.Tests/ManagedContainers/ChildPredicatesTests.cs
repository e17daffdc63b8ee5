using k8s;
using k8s.Models;
using KubeContainers.Operator.ManagedContainers;
using KubeContainers.Runtime.Cache;

namespace KubeContainers.Operator.Tests.ManagedContainers;

/// <summary>Which child events wake the reconciler: what the status can show, hand edits, deletions; not the
/// bookkeeping of a rollout.</summary>
public sealed class ChildPredicatesTests
{
    [Fact]
    public void A_pod_just_created_wakes_no_one_but_one_already_scheduled_does()
    {
        ChildPredicates.Pod(new(ObjectEventType.Added, Pod())).ShouldBeFalse();
        ChildPredicates.Pod(new(ObjectEventType.Added, Pod(p => p.Spec.NodeName = "node-1"))).ShouldBeTrue();
    }

    [Fact]
    public void Pod_changes_the_status_shows_wake_the_reconciler()
    {
        var pending = Pod(p => p.Spec.NodeName = "node-1");
        ShouldWake(pending, Pod(p => p.Spec.NodeName = null), "scheduled");
        ShouldWake(pending, Running(ready: false), "container running");
        ShouldWake(Running(ready: false), Running(ready: true), "ready");
        ShouldWake(Running(ready: true), Running(ready: true, restarts: 1), "restart count");
        ShouldWake(Running(ready: true), Waiting("CrashLoopBackOff"), "crash loop");
        ShouldWake(Waiting("ErrImagePull"), Waiting("ImagePullBackOff"), "another waiting reason");
        ShouldWake(Running(ready: true), Running(ready: true, deleting: true), "deletion");
    }

    [Fact]
    public void Pod_bookkeeping_wakes_no_one()
    {
        var before = Running(ready: true);
        var after = Running(ready: true);
        after.Metadata.ResourceVersion = "999";
        after.Status.PodIP = "10.244.0.7";
        after.Status.Conditions!.Add(new V1PodCondition { Type = "ContainersReady", Status = "True" });
        ChildPredicates.Pod(new(ObjectEventType.Modified, after, before)).ShouldBeFalse();

        // ContainerCreating is how every container starts: no different from no state yet.
        var scheduled = Pod(p => p.Spec.NodeName = "node-1");
        ChildPredicates.Pod(new(ObjectEventType.Modified, Waiting("ContainerCreating", p => p.Status.ContainerStatuses[0].Ready = false), scheduled))
            .ShouldBeFalse();
    }

    [Fact]
    public void Deleted_children_always_wake_the_reconciler()
    {
        ChildPredicates.Pod(new(ObjectEventType.Deleted, Pod())).ShouldBeTrue();
        ChildPredicates.Deployment(new(ObjectEventType.Deleted, Deployment())).ShouldBeTrue();
        ChildPredicates.Service(new(ObjectEventType.Deleted, new V1Service { Metadata = new() { Name = "web" } })).ShouldBeTrue();
        ChildPredicates.NetworkPolicy(new(ObjectEventType.Deleted, new V1NetworkPolicy { Metadata = new() { Name = "web" } })).ShouldBeTrue();
    }

    [Fact]
    public void A_Deployment_wakes_on_what_its_controller_observed_and_counts_but_not_on_progress_bookkeeping()
    {
        // Our own create coming back has no status: nothing to see yet.
        ChildPredicates.Deployment(new(ObjectEventType.Added, Deployment())).ShouldBeFalse();

        var observed = Deployment(d => d.Status = new V1DeploymentStatus
        {
            ObservedGeneration = 1,
            Replicas = 1,
            UpdatedReplicas = 1,
            Conditions = [new V1DeploymentCondition { Type = "Progressing", Status = "True", Reason = "NewReplicaSetCreated", Message = "created" }],
        });
        ChildPredicates.Deployment(new(ObjectEventType.Modified, observed, Deployment())).ShouldBeTrue();

        var step = Copy(observed);
        step.Status.Conditions[0].Reason = "ReplicaSetUpdated";
        step.Status.Conditions[0].Message = "ReplicaSet web-5d8f is progressing";
        step.Status.Conditions[0].LastUpdateTime = DateTime.UtcNow;
        ChildPredicates.Deployment(new(ObjectEventType.Modified, step, observed)).ShouldBeFalse();

        var ready = Copy(observed);
        ready.Status.ReadyReplicas = 1;
        ChildPredicates.Deployment(new(ObjectEventType.Modified, ready, observed)).ShouldBeTrue();

        var deadline = Copy(observed);
        deadline.Status.Conditions = [new V1DeploymentCondition { Type = "Progressing", Status = "False", Reason = "ProgressDeadlineExceeded" }];
        ChildPredicates.Deployment(new(ObjectEventType.Modified, deadline, observed)).ShouldBeTrue();

        var refused = Copy(observed);
        refused.Status.Conditions.Add(new V1DeploymentCondition { Type = "ReplicaFailure", Status = "True", Reason = "FailedCreate", Message = "exceeded quota" });
        ChildPredicates.Deployment(new(ObjectEventType.Modified, refused, observed)).ShouldBeTrue();
    }

    [Fact]
    public void A_hand_edit_of_a_Service_wakes_the_reconciler_and_a_status_change_of_it_does_not()
    {
        var service = new V1Service { Metadata = new() { Name = "web", Labels = new Dictionary<string, string> { ["a"] = "b" } }, Spec = new() { Type = "ClusterIP" } };
        var edited = Copy(service);
        edited.Spec.Type = "NodePort";
        ChildPredicates.Service(new(ObjectEventType.Modified, edited, service)).ShouldBeTrue();

        var relabelled = Copy(service);
        relabelled.Metadata.Labels["a"] = "c";
        ChildPredicates.Service(new(ObjectEventType.Modified, relabelled, service)).ShouldBeTrue();

        var status = Copy(service);
        status.Metadata.ResourceVersion = "7";
        status.Status = new V1ServiceStatus { LoadBalancer = new V1LoadBalancerStatus() };
        ChildPredicates.Service(new(ObjectEventType.Modified, status, service)).ShouldBeFalse();
    }

    [Fact]
    public void A_Service_wakes_the_reconciler_when_its_load_balancer_publishes_an_address()
    {
        var service = new V1Service { Metadata = new() { Name = "web-lb" }, Spec = new() { Type = "LoadBalancer" } };
        var published = Copy(service);
        published.Status = new V1ServiceStatus
        {
            LoadBalancer = new V1LoadBalancerStatus { Ingress = [new V1LoadBalancerIngress { Ip = "203.0.113.20" }] },
        };

        ChildPredicates.Service(new(ObjectEventType.Modified, published, service)).ShouldBeTrue();
    }

    [Fact]
    public void An_Ingress_wakes_the_reconciler_when_it_gets_an_address()
    {
        var ingress = new V1Ingress { Metadata = new() { Name = "web" } };
        var published = Copy(ingress);
        published.Status = new V1IngressStatus
        {
            LoadBalancer = new V1IngressLoadBalancerStatus { Ingress = [new V1IngressLoadBalancerIngress { Ip = "203.0.113.10" }] },
        };

        ChildPredicates.Ingress(new(ObjectEventType.Modified, published, ingress)).ShouldBeTrue();
        ChildPredicates.Ingress(new(ObjectEventType.Modified, Copy(published), published)).ShouldBeFalse();
    }

    private static void ShouldWake(V1Pod before, V1Pod after, string what) =>
        ChildPredicates.Pod(new(ObjectEventType.Modified, after, before)).ShouldBeTrue(what);

    private static V1Pod Pod(Action<V1Pod>? change = null)
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "web-5d8f-x2k4q", NamespaceProperty = "team-a", ResourceVersion = "1" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "web:1" }] },
            Status = new V1PodStatus { Phase = "Pending" },
        };
        change?.Invoke(pod);
        return pod;
    }

    private static V1Pod Running(bool ready, int restarts = 0, bool deleting = false) => Pod(p =>
    {
        p.Spec.NodeName = "node-1";
        p.Metadata.DeletionTimestamp = deleting ? DateTime.UtcNow : null;
        p.Status.Phase = "Running";
        p.Status.Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" }];
        p.Status.ContainerStatuses =
        [
            new V1ContainerStatus
            {
                Name = "app", Ready = ready, RestartCount = restarts, ImageID = "web@sha256:1",
                State = new V1ContainerState { Running = new V1ContainerStateRunning() },
            },
        ];
    });

    private static V1Pod Waiting(string reason, Action<V1Pod>? change = null) => Pod(p =>
    {
        p.Spec.NodeName = "node-1";
        p.Status.ContainerStatuses =
        [
            new V1ContainerStatus { Name = "app", State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = reason } } },
        ];
        change?.Invoke(p);
    });

    private static V1Deployment Deployment(Action<V1Deployment>? change = null)
    {
        var deployment = new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "team-a", Generation = 1 },
            Spec = new V1DeploymentSpec { Replicas = 1 },
        };
        change?.Invoke(deployment);
        return deployment;
    }

    private static T Copy<T>(T obj) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(obj));

    [Fact]
    public void The_files_ConfigMap_wakes_for_a_data_edit_only()
    {
        V1ConfigMap Map(string value, string resourceVersion) => new()
        {
            Metadata = new() { Name = "web-files", ResourceVersion = resourceVersion },
            Data = new Dictionary<string, string> { ["k"] = value },
        };

        ChildPredicates.ConfigMap(new(ObjectEventType.Modified, Map("a", "2"), Map("a", "1"))).ShouldBeFalse();
        ChildPredicates.ConfigMap(new(ObjectEventType.Modified, Map("hand edit", "2"), Map("a", "1"))).ShouldBeTrue();
        ChildPredicates.ConfigMap(new(ObjectEventType.Deleted, Map("a", "2"))).ShouldBeTrue();
    }
}
