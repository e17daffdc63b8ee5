namespace KubeContainers.Api;

/// <summary>A port in force: from <c>spec.ports</c>, or the one that the <c>spec.port</c> shorthand stands for.</summary>
/// <param name="Name">The container port's and the Service port's name.</param>
/// <param name="Port">The number, the same in the container and on the Service.</param>
/// <param name="Protocol">TCP or UDP.</param>
/// <param name="Http">The HTTP port: the Ingress, the URL and the default health check go to it.</param>
public sealed record ManagedContainerPort(string Name, int Port, string Protocol, bool Http);
