using KubeContainers.Operator.Configuration;
using KubeContainers.Operator.ManagedContainers;
using KubeContainers.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// The operator: settings from flags, KUBECONTAINERS_ environment variables and appsettings.json; the cluster from
// --kubeconfig/--context, in-cluster config or the default kubeconfig.
var loaded = OperatorSettingsLoader.Load(args);
if (!loaded.Succeeded)
{
    foreach (var error in loaded.Errors)
    {
        await Console.Error.WriteLineAsync(error);
    }

    return 2;
}

var settings = loaded.Settings;
// /metrics keeps prometheus-net's process_* and dotnet_* series; its EventCounter and Meter adapters (the
// system_runtime_* series and every .NET meter, none of which a dashboard or alert here reads) cost an EventListener,
// a polling timer and their type data in every replica (docs/benchmarks.md, "Idle memory").
Prometheus.Metrics.SuppressDefaultMetrics(new Prometheus.SuppressDefaultMetricOptions { SuppressEventCounters = true, SuppressMeters = true });
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
OperatorLogging.Configure(builder.Logging, settings);
builder.Services.AddControllerRuntime(o =>
{
    o.ClientConfiguration = loaded.Connection.BuildClientConfiguration();
    o.Qps = settings.Qps;
    o.Burst = settings.Burst;
    o.Workers = settings.Workers;
    foreach (var ns in settings.WatchNamespaces)
    {
        o.Namespaces.Add(ns);
    }

    o.LeaderElection.Enabled = settings.LeaderElection;
    o.LeaderElection.LeaseNamespace = settings.LeaderElectionNamespace;
    o.LeaderElection.LeaseName = settings.LeaderElectionId;
    o.ChildHashAnnotation = Labels.DesiredHashAnnotation;
    o.HealthPort = settings.HealthPort;
    o.MetricsPort = settings.MetricsPort;
}).AddManagedContainers(settings);

using var host = builder.Build();
host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("KubeContainers.Operator")
    .LogInformation("Starting: base domain {BaseDomain}, default sandbox {Sandbox}, {Workers} workers, leader election {LeaderElection}, log level {LogLevel}",
        settings.BaseDomain, settings.DefaultSandbox, settings.Workers, settings.LeaderElection, settings.LogLevel);
await host.RunAsync();
return Environment.ExitCode;
