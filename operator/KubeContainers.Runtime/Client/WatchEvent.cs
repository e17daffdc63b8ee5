using k8s;

namespace KubeContainers.Runtime.Client;

public sealed record WatchEvent<T>(WatchEventType Type, T Object);
