return await KubeContainers.LocalCluster.LocalClusterProgram.RunAsync(args);
