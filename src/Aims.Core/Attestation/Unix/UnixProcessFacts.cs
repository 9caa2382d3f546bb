namespace Aims.Core.Attestation.Unix;

/// <summary>
/// What the kernel says about the process at the other end of a Unix socket: its peer credentials (SO_PEERCRED)
/// and what <c>/proc/&lt;pid&gt;/exe</c> points to, measured by the node agent.
/// </summary>
/// <param name="Pid">Process id from SO_PEERCRED.</param>
/// <param name="Uid">Effective user id from SO_PEERCRED (taken when the caller connected).</param>
/// <param name="Gid">Effective group id from SO_PEERCRED.</param>
/// <param name="ExecutablePath">The target of <c>/proc/&lt;pid&gt;/exe</c>; the kernel appends " (deleted)" when the file is gone.</param>
/// <param name="ExecutableSha256">SHA-256 of the executable the process runs (read through <c>/proc/&lt;pid&gt;/exe</c>), lowercase hex.</param>
/// <param name="SameProcessThroughout">
/// True when the process measured is provably the one that connected, from before the first read to after the hash
/// (same start time, and the peer's pidfd still alive where the kernel offers one); false when it exited or its pid
/// was reused meanwhile.
/// </param>
public sealed record UnixProcessFacts(
    int Pid,
    uint Uid,
    uint Gid,
    string ExecutablePath,
    string ExecutableSha256,
    bool SameProcessThroughout);
