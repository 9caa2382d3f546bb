namespace Aims.Core.Attestation.Unix;

/// <summary>
/// The <c>unix</c> workload attestor: turns kernel facts about a calling process into selectors. The facts come
/// from the node agent (SO_PEERCRED and /proc), never from the workload, which takes no part (SPIFFE Workload
/// Endpoint §4). Evidence that may describe another process than the caller is refused, with the reason.
/// </summary>
public static class UnixAttestor
{
    /// <summary>The evidence type in policy and in the audit trail.</summary>
    public const string EvidenceType = "unix";

    public const string UidPrefix = "unix:uid:";
    public const string GidPrefix = "unix:gid:";
    public const string PathPrefix = "unix:path:";
    public const string Sha256Prefix = "unix:sha256:";

    /// <summary>The suffix Linux gives the target of <c>/proc/&lt;pid&gt;/exe</c> once the file was unlinked or replaced.</summary>
    public const string DeletedSuffix = " (deleted)";

    /// <summary>Longest executable path accepted (Linux PATH_MAX).</summary>
    public const int MaxPathLength = 4096;

    public static UnixAttestation Attest(UnixProcessFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);

        if (facts.Pid <= 0)
            return UnixAttestation.Refused($"the peer has no process id ({facts.Pid}); it is not a local process");
        if (!facts.SameProcessThroughout)
            return UnixAttestation.Refused($"process {facts.Pid} exited or was replaced while it was being measured; connect again");
        if (string.IsNullOrEmpty(facts.ExecutablePath) || facts.ExecutablePath[0] != '/')
            return UnixAttestation.Refused($"the executable of process {facts.Pid} has no absolute path ('{facts.ExecutablePath}')");
        if (facts.ExecutablePath.EndsWith(DeletedSuffix, StringComparison.Ordinal))
            return UnixAttestation.Refused($"the executable of process {facts.Pid} was deleted or replaced after it started; restart the process");
        if (facts.ExecutablePath.Length > MaxPathLength || facts.ExecutablePath.Any(char.IsControl))
            return UnixAttestation.Refused($"the executable path of process {facts.Pid} is longer than {MaxPathLength} characters or holds control characters");
        if (!IsSha256Hex(facts.ExecutableSha256))
            return UnixAttestation.Refused($"the executable digest of process {facts.Pid} is not 64 lowercase hex characters");

        return UnixAttestation.Accepted(
        [
            UidPrefix + facts.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture),
            GidPrefix + facts.Gid.ToString(System.Globalization.CultureInfo.InvariantCulture),
            PathPrefix + facts.ExecutablePath,
            Sha256Prefix + facts.ExecutableSha256,
        ]);
    }

    private static bool IsSha256Hex(string? value) =>
        value is { Length: 64 } && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
