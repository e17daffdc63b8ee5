using KubeContainers.Cli;

return await CliApp.RunAsync(args);
