namespace KubeContainers.Runtime.Events;

/// <summary>What makes two events identical: the object they are about (its uid, or its kind and key before it has
/// one), their type, reason and message.</summary>
internal readonly record struct EventKey(string Object, string Type, string Reason, string Message);
