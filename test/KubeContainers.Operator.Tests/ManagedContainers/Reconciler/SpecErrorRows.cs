using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.Tests.ManagedContainers.Reconciler.Harness;

namespace KubeContainers.Operator.Tests.ManagedContainers.Reconciler;

/// <summary>A spec the operator cannot carry out: said in status, and nothing created or changed.</summary>
public sealed class SpecErrorRows
{
    /// <summary>A CPU of 0: a rule only the operator checks (the CRD's pattern accepts the quantity; its own rules
    /// refuse their bad input at admission). A CPU over the plan is PlanRows'.</summary>
    private static void CpuOverLimit(ManagedContainerSpec spec) => spec.Resources = new ResourcesSpec { Cpu = "0" };

    private static readonly Table Rows = new(
        new Row("invalid spec (cpu 0): no child, InvalidSpec and Stalled")
        {
            Given = c => Task.FromResult(c.Add(Objects.WebApp(CpuOverLimit))),
            Writes = ["status V1Alpha1ManagedContainer team-a/web"],
            Phase = ManagedContainerPhases.Failed,
            Ready = "False InvalidSpec",
            Conditions = ["Stalled True InvalidSpec"],
            Events = ["Warning InvalidSpec: spec.resources.cpu*"],
            Then = c => c.Container().Status.Message.ShouldNotBeNull().ShouldContain("spec.resources.cpu"),
        },
        new Row("invalid spec after a valid one: the children of the valid generation are left as they are")
        {
            Given = async c =>
            {
                c.Add(Objects.WebApp());
                await c.ReconcileAsync();
                await c.EditSpecAsync(s =>
                {
                    CpuOverLimit(s);
                    s.Image = "ghcr.io/acme/web:2.0";
                    s.Replicas = 5;
                });
            },
            // No update (the new image and replicas are not rolled out) and no delete.
            Writes = ["status V1Alpha1ManagedContainer team-a/web"],
            Phase = ManagedContainerPhases.Failed,
            Ready = "False InvalidSpec",
            Conditions = ["Stalled True InvalidSpec"],
            Events = ["Warning InvalidSpec: *"],
            Then = c =>
            {
                var deployment = c.Get<V1Deployment>("web");
                deployment.Spec.Replicas.ShouldBe(2);
                deployment.Spec.Template.Spec.Containers[0].Image.ShouldBe(Objects.Image);
                c.Get<V1Ingress>("web").ShouldNotBeNull();
                c.Container().Status.ObservedGeneration.ShouldBe(2);
            },
        },
        new Row("unknown sandbox: SandboxUnavailable and no child")
        {
            Given = c => Task.FromResult(c.Add(Objects.WebApp(s => s.Sandbox = "firecracker"))),
            Writes = ["status V1Alpha1ManagedContainer team-a/web"],
            Phase = ManagedContainerPhases.Failed,
            Ready = "False SandboxUnavailable",
            Conditions = ["RuntimeClassAvailable False SandboxUnavailable"],
            Events = ["Warning SandboxUnavailable: sandbox firecracker: spec.sandbox: Unsupported value: \"firecracker\"*"],
        },
        new Row("a sandbox whose handler no node runs: SandboxUnavailable, children still made so pods start once a node has it")
        {
            Given = c =>
            {
                c.Add(new V1Node
                {
                    ApiVersion = "v1",
                    Kind = "Node",
                    Metadata = new V1ObjectMeta { Name = "node-1" },
                    Status = new V1NodeStatus { RuntimeHandlers = [new V1NodeRuntimeHandler { Name = "runc" }] },
                });
                c.Add(Objects.WebApp());
                return Task.CompletedTask;
            },
            Writes =
            [
                "create V1RuntimeClass kubecontainers-gvisor",
                "create V1NetworkPolicy team-a/web",
                "create V1Service team-a/web",
                "create V1Deployment team-a/web",
                "create V1Ingress team-a/web",
                "status V1Alpha1ManagedContainer team-a/web",
            ],
            Phase = ManagedContainerPhases.Failed,
            Ready = "False SandboxUnavailable",
            Events = ["Warning SandboxUnavailable: sandbox gvisor: node node-1 does not run the runtime handler \"runsc\"; " +
                "to run it, install the runtime handler \"runsc\" on the nodes, choose another sandbox with spec.sandbox, " +
                "or change the operator's default sandbox (--default-sandbox, chart value operator.defaultSandbox)"],
        });

    public static TheoryData<string> Names => Rows.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public Task Reconciles(string row) => Rows.RunAsync(row);
}
