namespace KubeContainers.Operator.Tests.WholeSystem;

/// <summary>The gVisor cluster with the operator campaigning for its Lease, as the chart runs it (--leader-election).</summary>
public sealed class LeaderElectedCluster : OperatorCluster
{
    protected override bool LeaderElection => true;
}
