using KubeContainers.Api;
using KubeContainers.Operator.Configuration;

namespace KubeContainers.Operator.ManagedContainers.Resources;

/// <summary>
/// Everything a builder may look at. The reconciler decides the time-dependent facts (suspended, the image to roll
/// back to) so builders stay pure: same input, same object.
/// </summary>
/// <param name="Container">The ManagedContainer as read (its spec already validated).</param>
/// <param name="Settings">The operator's settings snapshot.</param>
/// <param name="Suspended">Stopped or expired: the workload runs no replica.</param>
/// <param name="ServingImage">The image to run instead of <c>spec.image</c> after an automatic rollback.</param>
public sealed record BuildInput(
    V1Alpha1ManagedContainer Container,
    OperatorSettings Settings,
    bool Suspended = false,
    string? ServingImage = null);
