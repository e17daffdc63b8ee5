using KubeContainers.Api;
using Mc = KubeContainers.Api.V1Alpha1ManagedContainer;

namespace KubeContainers.Cli;

/// <summary>Prints each of status.checks once, as it turns true, in the order a container comes up.</summary>
internal sealed class CheckProgress
{
    public static readonly IReadOnlyList<(string Name, Func<StatusChecks, bool> Value)> Checks =
    [
        ("sandboxAvailable", c => c.SandboxAvailable),
        ("scheduled", c => c.Scheduled),
        ("volumesBound", c => c.VolumesBound),
        ("imagePulled", c => c.ImagePulled),
        ("running", c => c.Running),
        ("healthCheckPassing", c => c.HealthCheckPassing),
        ("networkConfigured", c => c.NetworkConfigured),
        ("urlAssigned", c => c.UrlAssigned),
    ];

    private readonly HashSet<string> shown = [];

    public void Show(Mc? mc)
    {
        if (mc?.Status?.Checks is not { } checks)
        {
            return;
        }

        foreach (var (name, value) in Checks)
        {
            if (value(checks) && shown.Add(name))
            {
                Terminal.Marked("✓", name);
            }
        }
    }
}
