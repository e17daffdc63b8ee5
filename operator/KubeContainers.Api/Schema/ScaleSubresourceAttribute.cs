namespace KubeContainers.Api.Schema;

/// <summary>
/// The CRD's <c>scale</c> subresource: where the apiserver reads and writes replicas for <c>kubectl scale</c>, a
/// HorizontalPodAutoscaler or KEDA (JSON paths in the CRD's own <c>.a.b</c> form).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ScaleSubresourceAttribute(string specReplicasPath, string statusReplicasPath, string labelSelectorPath) : Attribute
{
    public string SpecReplicasPath { get; } = specReplicasPath;

    public string StatusReplicasPath { get; } = statusReplicasPath;

    /// <summary>A status field holding the pods' label selector in its string form (what an HPA lists pods by).</summary>
    public string LabelSelectorPath { get; } = labelSelectorPath;
}
