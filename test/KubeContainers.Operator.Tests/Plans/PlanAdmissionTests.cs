namespace KubeContainers.Operator.Tests.Plans;

/// <summary>
/// The shipped ValidatingAdmissionPolicy (config/plans) through the real kubectl and the local cluster: each rule
/// refuses with the operator's message and admits at its limit, the namespace's plan decides, and a plan lowered
/// under running containers never refuses what they already have.
/// </summary>
[ClusterTest]
public sealed class PlanAdmissionTests(PlanAdmissionCluster cluster) : IClassFixture<PlanAdmissionCluster>
{
    public static TheoryData<string> Rules => new(PlanAdmissionRule.All.Select(r => r.Name));

    [Theory]
    [MemberData(nameof(Rules))]
    public async Task A_rule_refuses_what_breaks_it_with_the_plan_field_and_limit_and_admits_what_is_at_its_limit(string rule)
    {
        var row = PlanAdmissionRule.All.Single(r => r.Name == rule);
        var plan = $"table-{PlanAdmissionCluster.Suffix()}";
        await cluster.PlanAsync(plan, PlanAdmissionRule.Plan);
        var ns = await cluster.NamespaceAsync("plan-rule", plan);

        var refused = (await cluster.ApplyAsync(ns, "over", row.Refused)).ShouldFail();
        var admitted = await cluster.ApplyAsync(ns, "within", row.Admitted);

        refused.Stderr.Trim().ShouldBe(PlanAdmissionCluster.RefusedCreate("over", row.Message.Replace("{plan}", plan, StringComparison.Ordinal)));
        admitted.ShouldSucceed().Stdout.Trim().ShouldBe("managedcontainer.kubecontainers.io/within created");
    }

    [Fact]
    public async Task The_same_spec_is_admitted_on_one_plan_and_refused_on_another()
    {
        var id = PlanAdmissionCluster.Suffix();
        await cluster.PlanAsync($"small-{id}", "  limits: {maxReplicas: 1}\n  allow: {sandboxes: [gvisor]}\n");
        await cluster.PlanAsync($"large-{id}", "  limits: {maxReplicas: 4}\n  allow: {sandboxes: [gvisor, kata]}\n");
        var small = await cluster.NamespaceAsync("plan-small", $"small-{id}");
        var large = await cluster.NamespaceAsync("plan-large", $"large-{id}");
        const string spec = "  image: nginx\n  replicas: 3\n  sandbox: kata\n  port: 8080\n";

        var refused = (await cluster.ApplyAsync(small, "web", spec)).ShouldFail();
        var admitted = await cluster.ApplyAsync(large, "web", spec);

        refused.Stderr.Trim().ShouldBe(PlanAdmissionCluster.RefusedCreate("web",
            $"spec.replicas: Invalid value: 3: must be no more than 1 (ContainerPlan small-{id}, limits.maxReplicas)"));
        admitted.ShouldSucceed();
        (await cluster.Kubectl.RunAsync($"get managedcontainer web -n {small}")).ShouldFail();
    }

    [Fact]
    public async Task An_empty_list_allows_nothing_and_a_list_left_out_allows_everything()
    {
        var id = PlanAdmissionCluster.Suffix();
        await cluster.PlanAsync($"locked-{id}", "  allow: {sandboxes: []}\n");
        await cluster.PlanAsync($"open-{id}", "  limits: {maxReplicas: 5}\n");
        var locked = await cluster.NamespaceAsync("plan-locked", $"locked-{id}");
        var open = await cluster.NamespaceAsync("plan-open", $"open-{id}");
        const string spec = "  image: nginx\n  sandbox: kata-fc\n  port: 8080\n  networking: {egress: internet, loadBalancer: false}\n";

        var refused = (await cluster.ApplyAsync(locked, "web", spec)).ShouldFail();
        var withoutSandbox = await cluster.ApplyAsync(locked, "plain", "  image: nginx\n");
        var admitted = await cluster.ApplyAsync(open, "web", spec);

        // As the apiserver's field.NotSupported with no supported values: no list after the value.
        refused.Stderr.Trim().ShouldBe(PlanAdmissionCluster.RefusedCreate("web",
            $"spec.sandbox: Unsupported value: \"kata-fc\" (ContainerPlan locked-{id}, allow.sandboxes)"));
        withoutSandbox.ShouldSucceed();
        admitted.ShouldSucceed();
    }

    [Fact]
    public async Task A_quantity_Kubernetes_cannot_parse_is_left_to_the_operator_and_never_blocks_a_write()
    {
        var plan = $"unparsable-{PlanAdmissionCluster.Suffix()}";
        await cluster.PlanAsync(plan, "  limits: {maxCpu: \"1\"}\n");
        var ns = await cluster.NamespaceAsync("plan-unparsable", plan);

        // The schema's pattern takes a fractional exponent; resource.ParseQuantity does not (the operator reports it).
        var created = await cluster.ApplyAsync(ns, "web", "  image: nginx\n  resources: {cpu: 1e1.5}\n");
        var finalizer = await cluster.Kubectl.RunAsync($"patch managedcontainer web -n {ns} --type=merge -p '{{\"metadata\":{{\"finalizers\":[\"kubecontainers.io/cleanup\"]}}}}'");
        var removed = await cluster.Kubectl.RunAsync($"patch managedcontainer web -n {ns} --type=merge -p '{{\"metadata\":{{\"finalizers\":null}}}}'");

        created.ShouldSucceed();
        finalizer.ShouldSucceed();
        removed.ShouldSucceed();
    }

    [Fact]
    public async Task A_lowered_plan_admits_changes_to_what_already_runs_and_refuses_only_what_grows()
    {
        var plan = $"lowered-{PlanAdmissionCluster.Suffix()}";
        await cluster.PlanAsync(plan, "  limits: {maxReplicas: 3, maxCpu: \"2\", maxVolumeSize: 10Gi}\n  allow: {sandboxes: [gvisor, kata]}\n");
        var ns = await cluster.NamespaceAsync("plan-lowered", plan);
        (await cluster.ApplyAsync(ns, "web", Running("nginx:1.27"))).ShouldSucceed();
        // Lowered under it: fewer replicas, less CPU, smaller volumes, another sandbox, no public URL nor public ingress.
        await cluster.PlanAsync(plan,
            "  limits: {maxReplicas: 1, maxCpu: \"1\", maxVolumeSize: 1Gi}\n  allow: {sandboxes: [gvisor], publicUrls: false, ingress: [private, none]}\n");

        var newImage = await cluster.ApplyAsync(ns, "web", Running("nginx:1.28"));
        var grown = (await cluster.ApplyAsync(ns, "web", Running("nginx:1.28", replicas: 4))).ShouldFail();
        var biggerVolume = (await cluster.ApplyAsync(ns, "web", Running("nginx:1.28", volumeSize: "20Gi"))).ShouldFail();
        var otherSandbox = (await cluster.ApplyAsync(ns, "web", Running("nginx:1.28", sandbox: "kata-fc"))).ShouldFail();
        var shrunk = await cluster.ApplyAsync(ns, "web", Running("nginx:1.28", replicas: 2));
        var another = (await cluster.ApplyAsync(ns, "copy", Running("nginx:1.28", replicas: 1))).ShouldFail();

        newImage.ShouldSucceed().Stdout.Trim().ShouldBe("managedcontainer.kubecontainers.io/web configured");
        RefusedUpdate(grown).ShouldBe(Refused($"spec.replicas: Invalid value: 4: must be no more than 1 (ContainerPlan {plan}, limits.maxReplicas)"));
        RefusedUpdate(biggerVolume).ShouldBe(Refused($"spec.volumes[0].size: Invalid value: \"20Gi\": must be no more than 1Gi (ContainerPlan {plan}, limits.maxVolumeSize)"));
        RefusedUpdate(otherSandbox).ShouldBe(Refused($"spec.sandbox: Unsupported value: \"kata-fc\": supported values: \"gvisor\" (ContainerPlan {plan}, allow.sandboxes)"));
        shrunk.ShouldSucceed();
        // A new container is held to the lowered plan: its CPU is the first thing over it.
        another.Stderr.Trim().ShouldBe(PlanAdmissionCluster.RefusedCreate("copy",
            $"spec.resources.cpu: Invalid value: \"2\": must be no more than 1 (ContainerPlan {plan}, limits.maxCpu)"));
        (await cluster.Kubectl.RunAsync($"get managedcontainer web -n {ns} -o jsonpath={{.spec.replicas}}/{{.spec.image}}")).ShouldSucceed().Stdout.ShouldBe("2/nginx:1.28");
    }

    /// <summary>A public web app with 2 CPUs and a volume.</summary>
    private static string Running(string image, int replicas = 3, string sandbox = "kata", string volumeSize = "10Gi") => $$"""
          image: {{image}}
          replicas: {{replicas}}
          sandbox: {{sandbox}}
          port: 8080
          resources: {cpu: "2"}
          volumes:
          - {name: data, mountPath: /data, size: {{volumeSize}}}

        """;

    [Fact]
    public async Task Kubectl_scale_is_held_to_the_plan_as_an_update_of_replicas()
    {
        var plan = $"scaled-{PlanAdmissionCluster.Suffix()}";
        await cluster.PlanAsync(plan, "  limits: {maxReplicas: 2}\n  allow: {publicUrls: false}\n");
        var ns = await cluster.NamespaceAsync("plan-scale", plan);
        (await cluster.ApplyAsync(ns, "web", "  image: nginx\n  replicas: 2\n")).ShouldSucceed();

        var over = (await cluster.Kubectl.RunAsync($"scale managedcontainer web -n {ns} --replicas=3")).ShouldFail();
        var down = await cluster.Kubectl.RunAsync($"scale managedcontainer web -n {ns} --replicas=1");
        var backUp = await cluster.Kubectl.RunAsync($"scale managedcontainer web -n {ns} --replicas=2");

        over.Stderr.Trim().ShouldBe($"Error from server (Forbidden): managedcontainers.kubecontainers.io \"web\" is forbidden: {PlanAdmissionCluster.PolicyPrefix}" +
            $"spec.replicas: Invalid value: 3: must be no more than 2 (ContainerPlan {plan}, limits.maxReplicas)");
        down.ShouldSucceed();
        backUp.ShouldSucceed();
        (await cluster.Kubectl.RunAsync($"get managedcontainer web -n {ns} -o jsonpath={{.spec.replicas}}")).ShouldSucceed().Stdout.ShouldBe("2");
    }

    /// <summary>kubectl apply of a change prints the patch it sent, then the apiserver's answer on its last line.</summary>
    private static string RefusedUpdate(Kubectl.Result result)
    {
        var lines = result.Stderr.Trim().Split('\n');
        lines[0].ShouldBe("Error from server (Forbidden): error when applying patch:");
        return lines[^1];
    }

    private static string Refused(string message) =>
        $"for: \"STDIN\": error when patching \"STDIN\": managedcontainers.kubecontainers.io \"web\" is forbidden: {PlanAdmissionCluster.PolicyPrefix}{message}";
}
