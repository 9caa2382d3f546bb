using Microsoft.Extensions.Logging;

namespace Aims.Agent;

/// <summary>Everything the node agent logs. Never a key, a token or a whole SVID: SPIFFE IDs, serials, selectors and reasons.</summary>
internal static partial class AgentLog
{
    [LoggerMessage(1, LogLevel.Information, "Node agent for {NodeId} serving the SPIFFE Workload API on {Endpoint}")]
    public static partial void Serving(ILogger logger, string nodeId, string endpoint);

    [LoggerMessage(2, LogLevel.Information, "Node {NodeId} attested with {Evidence}; node X509-SVID {Serial} valid until {NotAfter:O}")]
    public static partial void NodeAttested(ILogger logger, string nodeId, string evidence, string serial, DateTimeOffset notAfter);

    [LoggerMessage(3, LogLevel.Information, "Node {NodeId} uses its stored X509-SVID {Serial}, valid until {NotAfter:O}")]
    public static partial void NodeCredentialLoaded(ILogger logger, string nodeId, string serial, DateTimeOffset notAfter);

    [LoggerMessage(4, LogLevel.Information, "Node X509-SVID renewed with {Evidence}: {Serial}, valid until {NotAfter:O}")]
    public static partial void NodeRenewed(ILogger logger, string serial, DateTimeOffset notAfter, string evidence);

    [LoggerMessage(5, LogLevel.Error, "Node {NodeId} has no valid X509-SVID and no unused join token; create one (aims join-token create {NodeId}) and pass it with --join-token or --join-token-file")]
    public static partial void NeedsJoinToken(ILogger logger, string nodeId);

    [LoggerMessage(6, LogLevel.Error, "Node attestation refused: {Reason}")]
    public static partial void NodeAttestationRefused(ILogger logger, string reason);

    [LoggerMessage(7, LogLevel.Warning, "Node X509-SVID renewal refused: {Reason}")]
    public static partial void NodeRenewalRefused(ILogger logger, string reason);

    [LoggerMessage(8, LogLevel.Warning, "The cluster is unreachable ({Operation}): {Message}; serving from cache and retrying")]
    public static partial void ClusterUnreachable(ILogger logger, string operation, string message);

    [LoggerMessage(9, LogLevel.Information, "The cluster answers again")]
    public static partial void ClusterReachable(ILogger logger);

    [LoggerMessage(10, LogLevel.Information, "Trust bundle of {TrustDomain} is now sequence {Sequence} ({X509Authorities} X.509 authorities, {JwtAuthorities} JWT authorities)")]
    public static partial void BundleChanged(ILogger logger, string trustDomain, long sequence, int x509Authorities, int jwtAuthorities);

    [LoggerMessage(11, LogLevel.Information, "Registration entries of this node: {Count}")]
    public static partial void EntriesChanged(ILogger logger, int count);

    [LoggerMessage(12, LogLevel.Warning, "The cluster refused this node's entries: {Reason}")]
    public static partial void EntriesRefused(ILogger logger, string reason);

    [LoggerMessage(13, LogLevel.Information, "X509-SVID for {SpiffeId} (entry {EntryId}): serial {Serial}, valid until {NotAfter:O}, renews at {RenewAt:O}")]
    public static partial void X509SvidIssued(ILogger logger, string spiffeId, string entryId, string serial, DateTimeOffset notAfter, DateTimeOffset renewAt);

    [LoggerMessage(14, LogLevel.Warning, "Could not renew the X509-SVID of entry {EntryId}: {Reason}; the cached one stays until {NotAfter:O}")]
    public static partial void X509SvidRenewalFailed(ILogger logger, string entryId, string reason, DateTimeOffset notAfter);

    [LoggerMessage(15, LogLevel.Warning, "The cached X509-SVID {Serial} of entry {EntryId} expired before it could be renewed")]
    public static partial void X509SvidExpired(ILogger logger, string entryId, string serial);

    [LoggerMessage(16, LogLevel.Information, "Workload API {Method} refused for pid {Pid}: {Status} {Reason}")]
    public static partial void CallRefused(ILogger logger, string method, int pid, string status, string reason);

    [LoggerMessage(18, LogLevel.Error, "The TPM could not quote with AK {AkId}: {Reason}; retrying")]
    public static partial void TpmQuoteFailed(ILogger logger, string akId, string reason);

    [LoggerMessage(17, LogLevel.Debug, "Workload API {Method} from pid {Pid} with selectors {Selectors}")]
    public static partial void CallAttested(ILogger logger, string method, int pid, string selectors);
}
