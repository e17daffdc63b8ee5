using k8s.Models;
using KubeContainers.Api;
using KubeContainers.Operator.Configuration;
using KubeContainers.Runtime.Cache;
using KubeContainers.Runtime.Client;
using KubeContainers.Runtime.Controller;
using KubeContainers.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace KubeContainers.Operator.Plans;

/// <summary>
/// Wiring only: the caches plans need (namespaces' plan labels, the ContainerPlans), the plan status controller,
/// the usage meter, and what wakes a ManagedContainer because of its plan (<see cref="WakeOnPlanChanges"/>).
/// </summary>
public static class PlanController
{
    /// <summary>The cache index of ManagedContainers waiting under their plan, by namespace.</summary>
    public const string WaitingIndex = "plan-waiting";

    public static ControllerRuntimeBuilder AddPlans(this ControllerRuntimeBuilder runtime, OperatorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(settings);

        RegisterKind();
        var meter = new UsageMeter(TimeProvider.System, Metrics.DefaultRegistry);
        runtime.Services.AddSingleton(meter);
        runtime.Services.AddSingleton(sp => new PlanResolver(
            sp.GetRequiredService<ICacheReader<V1Namespace>>(), sp.GetRequiredService<ICacheReader<V1Alpha1ContainerPlan>>(), settings));

        runtime
            .AddCache<V1Namespace>(transform: PlanLabelOnly)
            .AddCache<V1Alpha1ContainerPlan>()
            .AddIndex<V1Alpha1ManagedContainer>(WaitingIndex, mc => PlanStatusReconciler.Waiting(mc) ? [mc.Metadata.NamespaceProperty] : []);

        return runtime.AddController<PlanStatusReconciler>(c => c
            .WithName("containerplan")
            .WithWorkers(1)
            // Containers change often during a rollout; their plan's status follows after the usual short delay.
            .WithChildDelay(settings.ChildEventDelay)
            .For<V1Alpha1ContainerPlan>(Predicates.GenerationChanged<V1Alpha1ContainerPlan>())
            // Every event of a container passes through the meter first (it charges usage to the moment of change).
            .Watches<V1Alpha1ManagedContainer>((mc, sp) => [PlanOf(mc.Metadata.NamespaceProperty, sp)], meter.Record)
            .Watches<V1Namespace>((_, sp) => sp.GetRequiredService<ICacheReader<V1Alpha1ContainerPlan>>().List().Select(ObjectKey.From),
                Predicates.LabelsChanged<V1Namespace>()));
    }

    /// <summary>ContainerPlans are cluster-scoped, which KindDescriptor cannot tell from a custom resource's attribute.</summary>
    public static void RegisterKind() =>
        KindDescriptor.Register<V1Alpha1ContainerPlan>(new KindDescriptor(
            V1Alpha1ManagedContainer.KubeGroup, V1Alpha1ManagedContainer.KubeApiVersion, V1Alpha1ContainerPlan.KubeKind,
            V1Alpha1ContainerPlan.KubePluralName, Namespaced: false));

    /// <summary>What wakes a ManagedContainer because of its plan: room made in its namespace (a container deleted,
    /// stopped or shrunk wakes those waiting), a plan changed or created (its namespaces' containers), a namespace
    /// moved to another plan.</summary>
    public static ControllerBuilder WakeOnPlanChanges(this ControllerBuilder controller, OperatorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(controller);
        return controller
            .Watches<V1Alpha1ManagedContainer>((mc, sp) => Containers(sp).ListByIndex(WaitingIndex, mc.Metadata.NamespaceProperty)
                    .Where(w => w.Metadata.Uid != mc.Metadata.Uid).Select(ObjectKey.From),
                RoomMayChange)
            .Watches<V1Alpha1ContainerPlan>((plan, sp) => ContainersOn(plan.Metadata.Name, sp), Predicates.GenerationChanged<V1Alpha1ContainerPlan>())
            .Watches<V1Namespace>((ns, sp) => Containers(sp).List(ns.Metadata.Name).Select(ObjectKey.From), Predicates.LabelsChanged<V1Namespace>());
    }

    /// <summary>Namespaces keep only their name and plan label: all the operator reads of them.</summary>
    private static V1Namespace PlanLabelOnly(V1Namespace ns) => new()
    {
        ApiVersion = ns.ApiVersion,
        Kind = ns.Kind,
        Metadata = new V1ObjectMeta
        {
            Name = ns.Metadata.Name,
            Uid = ns.Metadata.Uid,
            ResourceVersion = ns.Metadata.ResourceVersion,
            Labels = ns.Metadata.Labels?.TryGetValue(V1Alpha1ContainerPlan.NamespaceLabel, out var plan) == true
                ? new Dictionary<string, string> { [V1Alpha1ContainerPlan.NamespaceLabel] = plan }
                : null,
        },
    };

    /// <summary>A deletion, or a change of what a container holds, may make room. (KubernetesJson throws on null: a
    /// container with nothing admitted yet, before or after, failed the handler and woke no one.)</summary>
    internal static bool RoomMayChange(ObjectEvent<V1Alpha1ManagedContainer> e) => e.Type switch
    {
        ObjectEventType.Deleted => true,
        ObjectEventType.Modified => Json(e.Old?.Status?.Admitted) != Json(e.Object.Status?.Admitted),
        _ => false,
    };

    private static string Json(object? value) => value is null ? "" : k8s.KubernetesJson.Serialize(value);

    private static IEnumerable<ObjectKey> ContainersOn(string plan, IServiceProvider sp)
    {
        var resolver = sp.GetRequiredService<PlanResolver>();
        return sp.GetRequiredService<ICacheReader<V1Namespace>>().List()
            .Where(ns => resolver.NameFor(ns.Metadata.Name) == plan)
            .SelectMany(ns => Containers(sp).List(ns.Metadata.Name))
            .Select(ObjectKey.From);
    }

    private static ObjectKey PlanOf(string @namespace, IServiceProvider sp) =>
        new(null, sp.GetRequiredService<PlanResolver>().NameFor(@namespace));

    private static ICacheReader<V1Alpha1ManagedContainer> Containers(IServiceProvider sp) =>
        sp.GetRequiredService<ICacheReader<V1Alpha1ManagedContainer>>();
}
