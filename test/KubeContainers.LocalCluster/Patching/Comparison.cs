namespace KubeContainers.LocalCluster.Patching;

/// <summary>What a write did to an object's fields, as structured-merge-diff's Compare reports it.</summary>
internal sealed record Comparison(FieldSet Added, FieldSet Modified, FieldSet Removed);
