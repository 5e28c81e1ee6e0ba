namespace EcsBridge.Commands;

/// <summary>Process exit codes shared by every verb.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Bad input: a file that cannot be read or understood, an invalid object, a failed start.</summary>
    public const int Failure = 1;

    /// <summary>Bad usage: unknown verbs or flags, invalid option values.</summary>
    public const int Usage = 2;

    /// <summary>`run --leader-elect`: leadership lost (no renew within the renew deadline, whatever the errors, or
    /// the Lease taken), or a standby that cannot use the Lease (Forbidden and the like for a renew deadline). The
    /// pod restarts as a standby, as with controller-runtime.</summary>
    public const int LeaderElectionLost = 3;
}
