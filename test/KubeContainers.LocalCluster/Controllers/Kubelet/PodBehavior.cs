namespace KubeContainers.LocalCluster.Controllers.Kubelet;

/// <summary>What the simulated kubelet makes of a container, chosen by <see cref="PodRule"/>.</summary>
public enum PodBehavior
{
    /// <summary>Running and Ready after the delay; in a Job pod (restartPolicy Never/OnFailure) it then exits with the exit code.</summary>
    Run,

    /// <summary>Running after PodReadyDelay, Ready only after the rule's delay (SlowStartDelay by default).</summary>
    SlowStart,

    /// <summary>Running but never Ready: the readiness probe keeps failing with HTTP 503.</summary>
    NeverReady,

    /// <summary>ErrImagePull, then ImagePullBackOff.</summary>
    ImagePullError,

    /// <summary>Exits with the exit code (1 by default) and restarts with a growing back-off: CrashLoopBackOff.</summary>
    CrashLoop,

    /// <summary>Killed by the OOM killer (exit 137, reason OOMKilled), then CrashLoopBackOff.</summary>
    OOMKilled,
}
