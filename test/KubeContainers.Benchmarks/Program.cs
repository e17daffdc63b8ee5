using KubeContainers.Benchmarks;

// make bench: progress on stderr, the markdown table on stdout, the figures in results.json (see BenchOptions).
BenchOptions options;
try
{
    options = BenchOptions.Parse(args, Environment.GetEnvironmentVariable);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    await Console.Error.WriteLineAsync($"benchmarks: {e.Message}\n{BenchOptions.Usage}");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var runner = new BenchmarkRunner(options, Console.Error);
var results = await runner.RunAsync(cancel.Token);
await results.WriteAsync(options.Output);
Console.WriteLine(Report.Markdown(results));
Console.WriteLine($"results: {Path.GetFullPath(options.Output)}");
return runner.Succeeded ? 0 : 1;
