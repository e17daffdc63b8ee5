using KubeContainers.Runtime.Controller;

namespace KubeContainers.Runtime.Hosting;

/// <summary>A controller as declared at startup: its watches and how to get its reconciler.</summary>
internal sealed record ControllerRegistration(ControllerBuilder Builder, Type ReconcilerType);
