package dev.aiops.domain.diagnosis;

/** The finding categories of the diagnosis-report v1 contract. */
public enum Category {
    CrashLoopBackOff, OOMKilled, ImagePullError, ContainerConfigError, VolumeMountError,
    InitContainerFailure, Unschedulable, ProbeFailure, Evicted, PodCreationFailed,
    QuotaExceeded, RolloutStuck, ServiceNoEndpoints, ServiceMisconfigured, IngressMisconfigured, NetworkPolicyIssue,
    PVCPending, StatefulSetMisconfigured, NodeUnhealthy, JobFailed, CronJobMisconfigured,
    HPAMisconfigured, PDBBlocking, RBACDenied, DependencyUnreachable, PolicyViolation
}
