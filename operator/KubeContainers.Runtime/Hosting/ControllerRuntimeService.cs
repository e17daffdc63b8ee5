using KubeContainers.Runtime.Cache;
using KubeContainers.Runtime.Controller;
using KubeContainers.Runtime.LeaderElection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KubeContainers.Runtime.Hosting;

/// <summary>Runs the caches on every replica and the controllers' workers only while this replica leads. A lost
/// lease stops the application: a replica that may have missed writes must not keep reconciling.</summary>
internal sealed class ControllerRuntimeService(
    InformerRegistry registry,
    IReadOnlyList<RuntimeController> controllers,
    LeaseElector? elector,
    IHostApplicationLifetime lifetime,
    ILogger<ControllerRuntimeService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        elector?.ReportFollower();
        var informers = registry.RunAsync(stoppingToken);
        try
        {
            await registry.WaitForSyncAsync(stoppingToken).ConfigureAwait(false);
            logger.LogInformation("Caches synced");
            if (elector is null)
            {
                await RunWorkersAsync(stoppingToken).ConfigureAwait(false);
            }
            else if (await elector.AcquireAsync(stoppingToken).ConfigureAwait(false))
            {
                await LeadAsync(elector, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Normal shutdown.
        }

        await informers.ConfigureAwait(false);
    }

    private async Task LeadAsync(LeaseElector leader, CancellationToken stoppingToken)
    {
        using var workersCts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var workers = RunWorkersAsync(workersCts.Token);
        var stillLeading = await leader.HoldAsync(stoppingToken).ConfigureAwait(false);
        await workersCts.CancelAsync().ConfigureAwait(false);
        await workers.ConfigureAwait(false);
        if (stillLeading)
        {
            await leader.ReleaseAsync().ConfigureAwait(false);
        }
        else
        {
            logger.LogCritical("Leadership lost; stopping");
            // A non-zero exit makes the kubelet restart the pod, which then campaigns again as a follower.
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    private Task RunWorkersAsync(CancellationToken ct) => Task.WhenAll(controllers.Select(c => c.RunWorkersAsync(ct)));
}
