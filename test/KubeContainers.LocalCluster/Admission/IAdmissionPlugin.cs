namespace KubeContainers.LocalCluster.Admission;

/// <summary>
/// Type-specific defaulting and checks run on every create and update, under the store lock, before the
/// object is validated and stored (the apiserver's strategies and admission plugins in one place).
/// Throw an <see cref="Api.ApiException"/> to refuse the write.
/// </summary>
public interface IAdmissionPlugin
{
    void Admit(AdmissionRequest request);
}
