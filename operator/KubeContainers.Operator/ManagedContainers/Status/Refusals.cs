using System.Text.RegularExpressions;
using KubeContainers.Api;

namespace KubeContainers.Operator.ManagedContainers.Status;

/// <summary>
/// Why the apiserver refused a write, from its message: a ResourceQuota (<c>exceeded quota: NAME, requested: ...,
/// used: ..., limited: ...</c>, quota admission's words), Pod Security admission (<c>violates PodSecurity
/// "LEVEL:VERSION": RULES</c>), an admission webhook (<c>admission webhook "NAME" denied the request: ...</c>) or a
/// ValidatingAdmissionPolicy, RBAC (<c>User "..." cannot VERB resource ...</c>), a missing RuntimeClass. The
/// apiserver's own wrapping (<c>pods "web-5d8f-" is forbidden: </c>) and the controllers' (<c>Error creating: </c>)
/// are dropped; the rest is quoted on one line.
/// </summary>
public static partial class Refusals
{
    /// <summary>The reason and the detail (the apiserver's message, cleaned) for a refusal, or null for a message
    /// that names none of the causes above.</summary>
    public static (string Reason, string Detail)? Classify(string? apiserverMessage)
    {
        var detail = Detail(apiserverMessage);
        if (Quota().Match(detail) is { Success: true } quota)
        {
            return (ConditionReasons.QuotaExceeded, QuotaDetail(quota));
        }

        if (PodSecurity().Match(detail) is { Success: true } podSecurity)
        {
            var level = podSecurity.Groups["level"].Value;
            var rules = podSecurity.Groups["rules"].Value;
            return (ConditionReasons.PodSecurityViolation,
                $"the namespace's Pod Security level \"{level}\" (label pod-security.kubernetes.io/enforce) refuses the pod: {rules}" +
                RestrictedHint(level, rules));
        }

        if (detail.Contains("admission webhook \"", StringComparison.Ordinal) || detail.StartsWith("ValidatingAdmissionPolicy ", StringComparison.Ordinal))
        {
            return (ConditionReasons.AdmissionRefused, detail);
        }

        if (Rbac().IsMatch(detail))
        {
            return (ConditionReasons.Forbidden, detail);
        }

        if (detail.Contains("RuntimeClass", StringComparison.Ordinal) || detail.Contains("runtimeclass", StringComparison.Ordinal))
        {
            return (ConditionReasons.SandboxUnavailable, detail);
        }

        return null;
    }

    /// <summary>What would run in a restricted namespace that refuses a pod for its user: the operator's pods claim
    /// baseline inside a sandbox profile that lets the image's own user run, restricted only in one that keeps a
    /// non-root user.</summary>
    private static string RestrictedHint(string level, string rules) =>
        level.StartsWith("restricted", StringComparison.Ordinal) && rules.Contains("runAsNonRoot", StringComparison.Ordinal)
            ? "; inside a sandbox profile that lets the image's user run (gvisor, kata) pods claim baseline: here only a profile that " +
              "keeps a non-root user runs (spec.sandbox: none, as the operator's numeric default user), or label the namespace baseline"
            : string.Empty;

    /// <summary>The message without the apiserver's and the controllers' prefixes, on one line.</summary>
    public static string Detail(string? apiserverMessage) =>
        StatusText.OneLine(ForbiddenPrefix().Replace(apiserverMessage ?? string.Empty, string.Empty));

    /// <summary>"ResourceQuota compute: requests.storage requested 2Gi, used 9Gi, limited 10Gi", one part per resource.</summary>
    private static string QuotaDetail(Match quota)
    {
        var requested = Pairs(quota.Groups["requested"].Value);
        var used = Pairs(quota.Groups["used"].Value);
        var limited = Pairs(quota.Groups["limited"].Value);
        var parts = requested.Select(r =>
            $"{r.Key} requested {r.Value}, used {used.GetValueOrDefault(r.Key, "?")}, limited {limited.GetValueOrDefault(r.Key, "?")}");
        return $"exceeds ResourceQuota {quota.Groups["quota"].Value}: {string.Join("; ", parts)}";
    }

    private static Dictionary<string, string> Pairs(string list) => list
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(p => p.Split('=', 2))
        .Where(p => p.Length == 2)
        .GroupBy(p => p[0], StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First()[1], StringComparer.Ordinal);

    /// <summary><c>Error creating: </c> (the controllers' Event), <c>pods "web-5d8f-" is forbidden: </c> and
    /// <c>persistentvolumeclaims "data" is forbidden: </c> and, without a name (RBAC on a create),
    /// <c>ingresses.networking.k8s.io is forbidden: </c> (the apiserver's wrapping).</summary>
    [GeneratedRegex("""^(Error creating: )?(\S+ ("[^"]*" )?is forbidden: )?""")]
    private static partial Regex ForbiddenPrefix();

    /// <summary>Quota admission's message (k8s.io/apiserver/pkg/admission/plugin/resourcequota).</summary>
    [GeneratedRegex("""exceeded quota: (?<quota>[^,]+), requested: (?<requested>.*?), used: (?<used>.*?), limited: (?<limited>.*)$""")]
    private static partial Regex Quota();

    /// <summary>Pod Security admission's message (k8s.io/pod-security-admission/admission).</summary>
    [GeneratedRegex("""violates PodSecurity "(?<level>[^"]+)": (?<rules>.*)$""")]
    private static partial Regex PodSecurity();

    /// <summary>The RBAC authorizer's denial (k8s.io/apiserver/pkg/endpoints/handlers/responsewriters: forbiddenMessage).</summary>
    [GeneratedRegex("""^User "[^"]*" cannot \S+ resource """)]
    private static partial Regex Rbac();
}
