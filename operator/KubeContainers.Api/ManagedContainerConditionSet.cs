using System.Text.RegularExpressions;
using k8s.Models;

namespace KubeContainers.Api;

/// <summary>
/// The "living condition set" of a ManagedContainer, after Knative: callers set the dependent conditions (one per
/// child) and the abnormal-true ones (Stalled, Suspended); Ready and Reconciling are derived from them after every
/// change, so they cannot disagree with the rest.
/// <list type="number">
/// <item>Stalled=True: Ready=False with Stalled's reason and message (InvalidSpec, ProgressDeadlineExceeded, ...).</item>
/// <item>Suspended=True: Ready=False with Suspended's reason (Stopped, Expired).</item>
/// <item>A dependent is False: Ready=False with the reason and message of the first False one in
/// <see cref="Dependents"/> order, so the real cause (ImagePullFailed, CrashLooping, ...) reaches Ready.</item>
/// <item>A dependent is Unknown or absent: Ready=Unknown with its reason.</item>
/// <item>Otherwise Ready=True.</item>
/// </list>
/// Reconciling is True exactly when Ready is Unknown. A dependent that does not apply to the spec is True with
/// reason NotRequired rather than absent: absent means "not reported yet".
/// </summary>
public static partial class ManagedContainerConditionSet
{
    /// <summary>metav1.Condition's limit; longer messages are cut so a status write is never rejected.</summary>
    public const int MaxMessageLength = 32768;

    /// <summary>
    /// The conditions Ready is derived from, in the order their causes take precedence: a missing sandbox or an
    /// unbound claim also leaves the workload unavailable, and is the cause worth reporting, so those come first.
    /// </summary>
    public static IReadOnlyList<string> Dependents { get; } =
    [
        ConditionTypes.RuntimeClassAvailable,
        ConditionTypes.VolumesBound,
        ConditionTypes.DeploymentAvailable,
        ConditionTypes.JobComplete,
        ConditionTypes.ServiceReady,
        ConditionTypes.IngressReady,
        ConditionTypes.NetworkPolicyApplied,
    ];

    /// <summary>Every condition type, in the order they are kept in <c>status.conditions</c>.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        ConditionTypes.Ready,
        ConditionTypes.Reconciling,
        ConditionTypes.Stalled,
        ConditionTypes.Suspended,
        .. Dependents,
    ];

    public static bool IsDependent(string conditionType) => Dependents.Contains(conditionType);

    /// <summary>The condition of that type, or null.</summary>
    public static V1Condition? Find(IEnumerable<V1Condition>? conditions, string conditionType) =>
        conditions?.FirstOrDefault(c => c.Type == conditionType);

    /// <summary>Derives Ready and Reconciling from the others; returns Ready.</summary>
    internal static V1Condition Derive(IList<V1Condition> conditions, IReadOnlyList<V1Condition>? baseline, DateTimeOffset now)
    {
        var (status, reason, message) = DeriveReady(conditions);
        var ready = SetOne(conditions, baseline, ConditionTypes.Ready, status, reason, message, now);
        if (status == ConditionStatuses.Unknown)
        {
            SetOne(conditions, baseline, ConditionTypes.Reconciling, ConditionStatuses.True, reason, message, now);
        }
        else
        {
            SetOne(conditions, baseline, ConditionTypes.Reconciling, ConditionStatuses.False, ConditionReasons.Reconciled, string.Empty, now);
        }

        return ready;
    }

    private static (string Status, string Reason, string Message) DeriveReady(IList<V1Condition> conditions)
    {
        foreach (var blocking in (ReadOnlySpan<string>)[ConditionTypes.Stalled, ConditionTypes.Suspended])
        {
            if (Find(conditions, blocking) is { Status: ConditionStatuses.True } c)
            {
                return (ConditionStatuses.False, c.Reason, c.Message);
            }
        }

        (string, string, string)? firstUnknown = null;
        foreach (var type in Dependents)
        {
            var c = Find(conditions, type);
            if (c is null)
            {
                firstUnknown ??= (ConditionStatuses.Unknown, ConditionReasons.Initializing, $"waiting for {type}");
            }
            else if (c.Status == ConditionStatuses.False)
            {
                return (ConditionStatuses.False, c.Reason, c.Message);
            }
            else if (c.Status != ConditionStatuses.True)
            {
                firstUnknown ??= (ConditionStatuses.Unknown, c.Reason, c.Message);
            }
        }

        return firstUnknown ?? (ConditionStatuses.True, ConditionReasons.Ready, string.Empty);
    }

    /// <summary>
    /// Sets one condition without deriving Ready. The transition time moves to <paramref name="now"/> only when
    /// the status changes; reason and message are updated either way. A condition back at the status it had in
    /// <paramref name="baseline"/> (the status as stored, before this reconcile) keeps that transition time: a
    /// reconcile may pass through other values on its way, and only what is stored counts as a transition.
    /// </summary>
    internal static V1Condition SetOne(
        IList<V1Condition> conditions,
        IReadOnlyList<V1Condition>? baseline,
        string conditionType,
        string status,
        string reason,
        string message,
        DateTimeOffset now)
    {
        if (!ReasonRegex().IsMatch(reason))
        {
            // The apiserver would reject the whole status write; fail where the bad reason is made instead.
            throw new ArgumentException($"'{reason}' is not a valid condition reason", nameof(reason));
        }

        var index = IndexOf(conditions, conditionType);
        var existing = index < 0 ? null : conditions[index];
        var condition = new V1Condition
        {
            Type = conditionType,
            Status = status,
            Reason = reason,
            Message = message.Length > MaxMessageLength ? message[..MaxMessageLength] : message,
            LastTransitionTime = Find(baseline, conditionType) is { } stored && stored.Status == status
                ? stored.LastTransitionTime
                : existing is not null && existing.Status == status ? existing.LastTransitionTime : WholeSeconds(now),
        };

        if (index >= 0)
        {
            conditions[index] = condition;
        }
        else
        {
            conditions.Add(condition);
            SortCanonically(conditions);
        }

        return condition;
    }

    private static int IndexOf(IList<V1Condition> conditions, string conditionType)
    {
        for (var i = 0; i < conditions.Count; i++)
        {
            if (conditions[i].Type == conditionType)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A fixed order makes equal statuses serialize equally, so "write only if changed" works.</summary>
    private static void SortCanonically(IList<V1Condition> conditions)
    {
        var sorted = conditions.OrderBy(c => Rank(c.Type)).ToList();
        conditions.Clear();
        foreach (var c in sorted)
        {
            conditions.Add(c);
        }
    }

    private static int Rank(string conditionType)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (All[i] == conditionType)
            {
                return i;
            }
        }

        // Foreign condition types keep their relative order after ours (OrderBy is stable).
        return All.Count;
    }

    /// <summary>
    /// metav1.Time has whole seconds; truncating here makes an in-memory status equal to the one read back.
    /// </summary>
    private static DateTime WholeSeconds(DateTimeOffset now)
    {
        var ticks = now.UtcTicks;
        return new DateTime(ticks - (ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }

    [GeneratedRegex(ValidationPatterns.ConditionReason)]
    private static partial Regex ReasonRegex();
}
