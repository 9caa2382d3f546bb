namespace Aims.Core.Signals.Remediation;

/// <summary>What the fabric does about a received security event.</summary>
public enum RemediationKind
{
    /// <summary>Recorded and audited, nothing changes.</summary>
    None,

    /// <summary>Everything the agent holds is revoked; it gets nothing new.</summary>
    Compromise,

    /// <summary>The agent's scope ceiling is lowered; live tokens report the reduced scope.</summary>
    ReduceScope,

    Suspend,

    Terminate,

    /// <summary>One session (a user's delegation to the agent) is revoked with its tokens.</summary>
    RevokeSession,

    /// <summary>Every session of the agent is revoked; its own client-credentials tokens stay.</summary>
    RevokeSessions,
}
