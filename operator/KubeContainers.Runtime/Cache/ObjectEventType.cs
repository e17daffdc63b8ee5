namespace KubeContainers.Runtime.Cache;

public enum ObjectEventType
{
    Added,
    Modified,
    Deleted,
}
