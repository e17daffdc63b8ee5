using KubeContainers.Api;

namespace KubeContainers.Operator.ManagedContainers;

/// <summary>
/// Why the workload must not be created or changed: a child that protects it (RuntimeClass, NetworkPolicy, claim,
/// the files ConfigMap) is not ours or could not be created, so running pods would lose their sandbox, their
/// network rules, their data or their files. The step that finds it returns it; the workload step takes it.
/// </summary>
/// <param name="Cause">What blocks, for the condition's message.</param>
/// <param name="Reason">The reason the blocked workload's condition carries: NotOwned, or the refusal of the child.</param>
internal sealed record WorkloadBlocker(string Cause, string Reason = ConditionReasons.NotOwned);

/// <summary>What the workload step did, for the Events told once the status is written.</summary>
/// <param name="Deployed">A new pod template went out (image, configuration or restart): the Deployed event.</param>
/// <param name="Restarted">The new template differs only because spec.restartedAt changed: the Restarted event.</param>
internal readonly record struct Rollout(bool Deployed, bool Restarted)
{
    public static Rollout None => default;
}
