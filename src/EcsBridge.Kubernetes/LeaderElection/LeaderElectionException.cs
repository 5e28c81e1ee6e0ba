namespace EcsBridge.Kubernetes.LeaderElection;

/// <summary>The lease loop cannot go on (e.g. Forbidden on the Lease for a whole renew deadline): the replica can
/// never lead, so its host should exit rather than wait forever looking healthy.</summary>
public sealed class LeaderElectionException(string message, Exception? innerException = null) : KubeException(message, innerException);
