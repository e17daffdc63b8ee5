using KubeContainers.Operator.Configuration;

namespace KubeContainers.Operator.ManagedContainers.Resources;

/// <summary>The sandbox profile a ManagedContainer runs under, and the RuntimeClass that enforces it.</summary>
public static class SandboxSelection
{
    /// <summary>The profile named by <c>spec.sandbox</c>, else the operator's default.</summary>
    /// <exception cref="InvalidOperationException">The name is not configured. Validation refuses such specs;
    /// falling back to the node's default runtime here would silently drop the isolation asked for.</exception>
    public static SandboxProfile Profile(BuildInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var name = input.Container.Spec.Sandbox ?? input.Settings.DefaultSandbox;
        return input.Settings.Sandboxes.TryGetValue(name, out var profile)
            ? profile
            : throw new InvalidOperationException($"sandbox profile '{name}' is not configured");
    }

    /// <summary>The pod's runtimeClassName; null for a profile without handler (the node's default runtime).</summary>
    public static string? RuntimeClassName(BuildInput input)
    {
        var profile = Profile(input);
        return profile.Handler is null ? null : Names.RuntimeClass(profile.Name);
    }
}
