using System.Text.Json.Nodes;
using KubeContainers.LocalCluster.Api;

namespace KubeContainers.LocalCluster.Storage;

/// <summary>One served resource: a built-in kind or one version of a CRD.</summary>
public sealed record ResourceType(
    string Group,
    string Version,
    string Kind,
    string Plural,
    string Singular,
    bool Namespaced,
    bool HasStatus = false,
    IReadOnlyList<string>? ShortNames = null,
    IReadOnlyList<string>? Categories = null)
{
    /// <summary>"v1" for the core group, "apps/v1" otherwise.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The key objects are stored under: one store per group and plural, whatever the version.</summary>
    public string StorageKey => $"{Plural}.{Group}";

    /// <summary>"deployments.apps", "pods": how the apiserver names the resource in messages.</summary>
    public string QualifiedName => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public string ListKind => Kind + "List";

    /// <summary>Whether a create throws away the status the client sent (most kinds with a status subresource).</summary>
    public bool ResetStatusOnCreate { get; init; } = true;

    /// <summary>CRD versions: the openAPIV3Schema that validates, defaults and prunes objects.</summary>
    public JsonObject? Schema { get; init; }

    /// <summary>CRD versions: the schema's x-kubernetes-validations, compiled (null when it declares none).</summary>
    internal KubeContainers.LocalCluster.Schema.CelValidator? Cel { get; init; }

    /// <summary>CRD additionalPrinterColumns (null for built-ins and CRDs without columns).</summary>
    public IReadOnlyList<PrinterColumn>? PrinterColumns { get; init; }

    /// <summary>Serves the autoscaling/v1 <c>/scale</c> subresource over spec.replicas (Deployments, ReplicaSets), or
    /// over the paths of <see cref="CustomScale"/>.</summary>
    public bool HasScale { get; init; }

    /// <summary>CRD versions with <c>subresources.scale</c>: where replicas and the selector live.</summary>
    public ScalePaths? CustomScale { get; init; }

    public bool IsCustom { get; init; }

    /// <summary>
    /// A review kind the server answers and never stores (SelfSubjectAccessReview, TokenReview...): create is its only
    /// verb, as discovery says; any other request on it is 405 MethodNotAllowed.
    /// </summary>
    public bool CreateOnly { get; init; }

    /// <summary>Names must be DNS labels (namespaces, services) rather than DNS subdomains.</summary>
    public bool NameIsDnsLabel { get; init; }

    /// <summary>Names need only be valid path segments (no '/', '%', not '.' or '..'): the RBAC kinds, as upstream's ValidateRBACName.</summary>
    public bool NameIsPathSegment { get; init; }
}
