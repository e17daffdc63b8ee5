namespace KubeContainers.LocalCluster.Server;

/// <summary>How many requests of one verb on one resource a client made, and how many were answered with an error.</summary>
public sealed record RequestStatsEntry(string Client, string Verb, string Resource, long Count, long Errors);
