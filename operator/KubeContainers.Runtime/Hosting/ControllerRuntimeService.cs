using KubeContainers.Runtime.Cache;
using KubeContainers.Runtime.Controller;
using KubeContainers.Runtime.LeaderElection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KubeContainers.Runtime.Hosting;

/// <summary>Runs the caches on every replica and the controllers' workers only while this replica leads. A lost
/// lease stops the application: a replica that may have missed writes must not keep reconciling. As in
/// controller-runtime's manager, campaigning and the caches start together and a controller's workers start on
/// winning; each key then waits until the caches its reconcile reads have listed it (<see cref="SyncGate"/>), so a
/// standby keeps its caches warm and a fresh start reconciles its first keys while the child kinds still list.</summary>
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
        var later = controllers.SelectMany(c => c.Gate?.ListsLater ?? new HashSet<Type>()).ToHashSet();
        var informers = registry.RunAsync(stoppingToken, later);
        var synced = LogWhenSyncedAsync(stoppingToken);
        try
        {
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
        await synced.ConfigureAwait(false);
    }

    private async Task LogWhenSyncedAsync(CancellationToken ct)
    {
        try
        {
            await registry.WaitForSyncAsync(ct).ConfigureAwait(false);
            logger.LogInformation("Caches synced");
        }
        catch (OperationCanceledException)
        {
            // Stopped before the caches synced.
        }
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
