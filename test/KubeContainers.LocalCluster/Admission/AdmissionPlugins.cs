namespace KubeContainers.LocalCluster.Admission;

/// <summary>
/// The admission chain, in the order the apiserver would run it: defaulting (which upstream happens on decode)
/// before the mutating plugins, validation inside each kind's plugin.
/// </summary>
internal static class AdmissionPlugins
{
    public static IReadOnlyList<IAdmissionPlugin> Create(LocalClusterOptions options) =>
    [
        new NamespaceLifecycle(),
        new PodAdmission(),
        new RuntimeClassAdmission(),
        new DeploymentAdmission(),
        new ReplicaSetAdmission(),
        new JobAdmission(),
        new ServiceAdmission(),
        new PersistentVolumeClaimAdmission(),
        new IngressAdmission(),
        new NetworkPolicyAdmission(),
        new RbacRoleValidation(),
        new Policy.PolicyDefinitions(),

        // Validating plugins, after every mutation (upstream's validating admission phase).
        new PodSecurityAdmission(),
        new PersistentVolumeClaimResizeAdmission(),
        new ResourceQuotaAdmission(),

        // ValidatingAdmissionPolicies run after the CRD schema too: ResourceService calls Policy.ValidatingPolicies last.
    ];
}
