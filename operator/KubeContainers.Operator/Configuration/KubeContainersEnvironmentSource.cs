using Microsoft.Extensions.Configuration;

namespace KubeContainers.Operator.Configuration;

/// <summary>The <c>KUBECONTAINERS_</c> environment variables as a configuration source (see
/// <see cref="KubeContainersEnvironmentProvider"/> for the spellings it takes).</summary>
internal sealed class KubeContainersEnvironmentSource(IReadOnlyDictionary<string, string?> environment) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new KubeContainersEnvironmentProvider(environment);
}
