using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;
using KubeContainers.LocalCluster.Selectors;
using KubeContainers.LocalCluster.Server;
using KubeContainers.LocalCluster.Storage;

namespace KubeContainers.LocalCluster.Admission.Policy;

/// <summary>
/// The ValidatingAdmissionPolicy admission plugin (policy/validating's dispatcher): run on every create and update
/// after the object is defaulted, mutated and schema-validated, as upstream's validating admission phase. For each
/// policy whose matchConstraints match, each binding naming it (<c>spec.policyName</c>) whose matchResources match,
/// and each param its paramRef selects, the policy's match conditions and validations are evaluated; a failed
/// validation is acted on as the binding's validationActions say (Deny refuses, Warn adds a Warning header, Audit
/// is recorded nowhere here). Policies and bindings are exempt themselves, as upstream. A write to <c>/scale</c> is
/// shown as upstream's registries show it (toScaleUpdateValidation): <c>object</c> and <c>oldObject</c> are the
/// autoscaling/v1 Scales of the new and old parent, and <c>request.kind</c> is the Scale's.
/// </summary>
internal sealed class ValidatingPolicies(ObjectStore store, ResourceRegistry registry)
{
    private readonly Dictionary<string, (string? Version, CompiledPolicy Policy)> compiled = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public void Admit(AdmissionRequest written)
    {
        if (written.Type.Group == "admissionregistration.k8s.io")
        {
            return;
        }

        var request = written.Subresource == ScaleSubresource.Name ? AsScale(written) : written;

        var policies = store.List(BuiltinResources.ValidatingAdmissionPolicies.StorageKey, null).Items;
        if (policies.Count == 0)
        {
            return;
        }

        var bindings = store.List(BuiltinResources.ValidatingAdmissionPolicyBindings.StorageKey, null).Items
            .Select(b => b.ToJsonObject()).ToList();
        var namespaceObject = request.Object.Namespace() is { Length: > 0 } ns && request.Type.Namespaced
            ? store.Get(BuiltinResources.Namespaces.StorageKey, null, ns)?.ToJsonObject()
            : null;
        var denied = new List<Denial>();
        foreach (var policy in policies.Select(p => Compiled(p.ToJsonObject())))
        {
            if (policy.Policy["spec"]?["matchConstraints"] is not JsonObject constraints || !PolicyMatcher.Matches(constraints, request, namespaceObject))
            {
                continue;
            }

            foreach (var binding in bindings.Where(b => b["spec"].Str("policyName") == policy.Name))
            {
                if (binding["spec"]?["matchResources"] is JsonObject narrowing && !PolicyMatcher.Matches(narrowing, request, namespaceObject))
                {
                    continue;
                }

                Dispatch(policy, binding, request, namespaceObject, denied);
            }
        }

        if (denied.Count > 0)
        {
            throw Refusal(request, denied[0]);
        }
    }

    /// <summary>The request as a policy sees a /scale write: the Scales of the new and the old parent.</summary>
    private static AdmissionRequest AsScale(AdmissionRequest request) => request with
    {
        Object = ScaleSubresource.FromParent(request.Type, request.Object),
        OldObject = request.OldObject is { } old ? ScaleSubresource.FromParent(request.Type, old) : null,
    };

    private void Dispatch(CompiledPolicy policy, JsonObject binding, AdmissionRequest request, JsonObject? namespaceObject, List<Denial> denied)
    {
        IReadOnlyList<JsonObject?> parameters;
        try
        {
            parameters = Params(policy, binding, request);
        }
        catch (PolicyConfigurationException e)
        {
            if (!policy.IgnoreFailures)
            {
                denied.Add(new Denial(policy.Name, e.PolicyLevel ? null : binding.Name(), $"failed to configure {(e.PolicyLevel ? "policy" : "binding")}: {e.Message}", null));
            }

            return;
        }

        var actions = (binding["spec"]?["validationActions"] as JsonArray ?? []).Select(a => a?.GetValue<string>()).ToList();
        foreach (var param in parameters)
        {
            List<PolicyEvaluation.Decision> decisions;
            lock (policy.Gate)
            {
                decisions = PolicyEvaluation.Evaluate(policy, request, param, namespaceObject);
            }

            foreach (var decision in decisions)
            {
                if (actions.Contains("Deny"))
                {
                    denied.Add(new Denial(policy.Name, binding.Name(), decision.Message, decision.Reason));
                }

                if (actions.Contains("Warn"))
                {
                    request.Warnings.Add($"Validation failed for ValidatingAdmissionPolicy '{policy.Name}' with binding '{binding.Name()}': {decision.Message}");
                }

                // Audit: upstream writes an audit annotation; this cluster keeps no audit log.
            }
        }
    }

    /// <summary>generic.CollectParams: the params a binding's paramRef selects, with upstream's errors.</summary>
    private List<JsonObject?> Params(CompiledPolicy policy, JsonObject binding, AdmissionRequest request)
    {
        if (policy.Policy["spec"]?["paramKind"] is not JsonObject paramKind)
        {
            return [null];
        }

        var apiVersion = paramKind.Str("apiVersion") ?? "";
        var kind = paramKind.Str("kind") ?? "";
        var type = registry.FindByApiVersion(apiVersion, kind)
            ?? throw new PolicyConfigurationException($"failed to find resource referenced by paramKind: '{apiVersion}, Kind={kind}'", policyLevel: true);
        if (binding["spec"]?["paramRef"] is not JsonObject paramRef)
        {
            return [null];
        }

        string? paramsNamespace = null;
        if (type.Namespaced)
        {
            paramsNamespace = paramRef.Str("namespace") is { Length: > 0 } given ? given : request.Object.Namespace();
            if (string.IsNullOrEmpty(paramsNamespace))
            {
                throw new PolicyConfigurationException("cannot use namespaced paramRef in policy binding that matches cluster-scoped resources");
            }
        }
        else if (paramRef.Str("namespace") is { Length: > 0 })
        {
            throw new PolicyConfigurationException("paramRef.namespace must not be provided for a cluster-scoped `paramKind`");
        }

        List<JsonObject?> found;
        if (paramRef.Str("name") is { Length: > 0 } name)
        {
            found = store.Get(type.StorageKey, paramsNamespace, name)?.ToJsonObject() is { } one ? [one] : [];
        }
        else
        {
            var selector = LabelSelector.FromJson(paramRef["selector"] as JsonObject ?? []);
            found = store.List(type.StorageKey, paramsNamespace).Items.Select(o => o.ToJsonObject()).Where(selector.Matches).Cast<JsonObject?>().ToList();
        }

        if (found.Count == 0 && paramRef.Str("parameterNotFoundAction") == "Deny")
        {
            throw new PolicyConfigurationException("no params found for policy binding with `Deny` parameterNotFoundAction");
        }

        return found;
    }

    private CompiledPolicy Compiled(JsonObject policy)
    {
        lock (gate)
        {
            var version = policy.ResourceVersion();
            if (compiled.TryGetValue(policy.Name(), out var cached) && cached.Version == version)
            {
                return cached.Policy;
            }

            // The policy compiled when it was written; compiling again cannot fail.
            var fresh = CompiledPolicy.Compile(policy, []);
            compiled[policy.Name()] = (version, fresh);
            return fresh;
        }
    }

    /// <summary>admission.NewForbidden with the first denial's message, then upstream's reason and code (Invalid, 422,
    /// when the validation named none): <c>deployments.apps "web" is forbidden: ValidatingAdmissionPolicy 'p' with
    /// binding 'b' denied request: ...</c>.</summary>
    private static ApiException Refusal(AdmissionRequest request, Denial denial)
    {
        var message = denial.Binding is null
            ? $"ValidatingAdmissionPolicy '{denial.Policy}' denied request: {denial.Message}"
            : $"ValidatingAdmissionPolicy '{denial.Policy}' with binding '{denial.Binding}' denied request: {denial.Message}";
        var reason = denial.Reason ?? "Invalid";
        var code = reason switch
        {
            "Forbidden" => 403,
            "Unauthorized" => 401,
            "RequestEntityTooLarge" => 413,
            _ => 422,
        };
        var type = request.Type;
        var name = request.Object.Name();
        var details = new JsonObject
        {
            ["name"] = name,
            ["group"] = type.Group,
            ["kind"] = type.Plural,
            ["causes"] = new JsonArray(new JsonObject { ["message"] = message }),
        };
        return new ApiException(code, reason, $"{type.QualifiedName} \"{name}\" is forbidden: {message}", details);
    }

    private sealed record Denial(string Policy, string? Binding, string Message, string? Reason);

    private sealed class PolicyConfigurationException(string message, bool policyLevel = false) : Exception(message)
    {
        public bool PolicyLevel { get; } = policyLevel;
    }
}
