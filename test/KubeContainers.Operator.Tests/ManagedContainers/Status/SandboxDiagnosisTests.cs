using KubeContainers.Operator.ManagedContainers.Status;
using static KubeContainers.Operator.Tests.ManagedContainers.Status.Shapes;
using static KubeContainers.Operator.Tests.ManagedContainers.Status.WorkloadShapes;

namespace KubeContainers.Operator.Tests.ManagedContainers.Status;

public sealed class SandboxDiagnosisTests
{
    [Fact]
    public void A_handler_one_node_runs_is_available() =>
        SandboxDiagnosis.FromNodes("runsc", [Node("node-1", "", "runc"), Node("node-2", "", "runc", "runsc")]).ShouldBeNull();

    [Fact]
    public void A_handler_no_node_runs_is_unavailable() =>
        SandboxDiagnosis.FromNodes("kata-qemu", [Node("node-1", "", "runc"), Node("node-2", "", "runc", "runsc")])
            .ShouldBe("none of the 2 nodes runs the runtime handler \"kata-qemu\"");

    [Fact]
    public void One_node_is_named() =>
        SandboxDiagnosis.FromNodes("runsc", [Node("kind-control-plane", "", "runc")])
            .ShouldBe("node kind-control-plane does not run the runtime handler \"runsc\"");

    [Fact]
    public void Nodes_that_report_no_handlers_make_it_unknown_not_unavailable()
    {
        SandboxDiagnosis.FromNodes("runsc", [Node("node-1"), Node("node-2")]).ShouldBeNull();
        SandboxDiagnosis.FromNodes("runsc", []).ShouldBeNull();
    }

    [Fact]
    public void One_node_not_reporting_could_run_it_so_nothing_is_claimed() =>
        SandboxDiagnosis.FromNodes("runsc", [Node("node-1", "", "runc"), Node("node-old")]).ShouldBeNull();

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void The_default_runtime_is_always_there(string? handler) =>
        SandboxDiagnosis.FromNodes(handler, [Node("node-1", "runc")]).ShouldBeNull();

    [Fact]
    public void A_FailedCreatePodSandBox_warning_names_the_pod_and_keeps_the_kubelets_words()
    {
        var events = new[]
        {
            Event("web-5d8f7c9b4-x2k4q", "Normal", "Scheduled", "Successfully assigned team-a/web-5d8f7c9b4-x2k4q to node-1", 60, fieldPath: "", component: "default-scheduler"),
            Event("web-5d8f7c9b4-x2k4q", "Warning", "FailedCreatePodSandBox",
                "Failed to create pod sandbox: rpc error: code = Unknown desc = failed to get sandbox runtime: no runtime for \"runsc\" is configured", 5, fieldPath: "", count: 4),
        };

        SandboxDiagnosis.FromEvents(events).ShouldBe(
            "pod web-5d8f7c9b4-x2k4q: Failed to create pod sandbox: rpc error: code = Unknown desc = failed to get sandbox runtime: no runtime for \"runsc\" is configured");
    }

    [Fact]
    public void The_newest_sandbox_failure_wins()
    {
        var events = new[]
        {
            Event("web-a", "Warning", "FailedCreatePodSandBox", "Failed to create pod sandbox: old", 300, fieldPath: ""),
            Event("web-b", "Warning", "FailedCreatePodSandBox", "Failed to create pod sandbox: new", 3, fieldPath: ""),
        };

        SandboxDiagnosis.FromEvents(events).ShouldBe("pod web-b: Failed to create pod sandbox: new");
    }

    [Fact]
    public void Other_events_say_nothing() =>
        SandboxDiagnosis.FromEvents([Event("web-a", "Normal", "Pulled", "Container image \"nginx\" already present on machine")]).ShouldBeNull();
}
