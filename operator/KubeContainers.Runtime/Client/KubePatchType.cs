namespace KubeContainers.Runtime.Client;

public enum KubePatchType
{
    Merge,
    Json,
    Apply,
}
