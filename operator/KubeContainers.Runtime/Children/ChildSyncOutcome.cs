namespace KubeContainers.Runtime.Children;

public enum ChildSyncOutcome
{
    /// <summary>Not desired and not there.</summary>
    Absent,

    Created,

    Updated,

    /// <summary>There and as desired: nothing written.</summary>
    Unchanged,

    /// <summary>Deleted because it is no longer desired, or to be re-created (an immutable field changed).</summary>
    Deleted,

    /// <summary>An object of that name exists and is not ours: left alone.</summary>
    NotOwned,

    /// <summary>Being deleted (it has a deletionTimestamp); look again once it is gone.</summary>
    Terminating,

    /// <summary>The API server refused the write (a quota, an admission webhook or policy, RBAC: a 4xx other than
    /// a conflict or a missing object); the child is as it was (<see cref="ChildSyncResult{T}.Current"/>, null when
    /// it does not exist) and <see cref="ChildSyncResult{T}.Refusal"/> says why.</summary>
    Refused,
}
