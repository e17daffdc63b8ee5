namespace KubeContainers.LocalCluster.Storage;

/// <summary>
/// One change in the store. <c>Previous</c> is the object before the change (null for ADDED), so a
/// filtered watch can tell an object that left its selector (sent as DELETED) from one that changed inside it.
/// </summary>
public sealed record WatchEvent(string Type, string StorageKey, StoredObject Object, StoredObject? Previous)
{
    public const string Added = "ADDED";
    public const string Modified = "MODIFIED";
    public const string Deleted = "DELETED";

    public long Revision => Object.Revision;
}
