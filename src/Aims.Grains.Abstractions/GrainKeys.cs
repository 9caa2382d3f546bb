using System.Security.Cryptography;
using System.Text;
using Aims.Core.Identity;

namespace Aims.Grains;

/// <summary>The one place grain keys are made. Keys are strings; a raw SPIFFE ID string never comes from elsewhere.</summary>
public static class GrainKeys
{
    public static string Agent(SpiffeId id) => id.ToString();

    public static string Authority(TrustDomain trustDomain) => trustDomain.Name;

    public static string Issuer(TrustDomain trustDomain) => trustDomain.Name;

    public static string AgentDirectory(TrustDomain trustDomain) => trustDomain.Name;

    public static string AuditLog(TrustDomain trustDomain) => trustDomain.Name;

    public static string AuditSegment(string auditLogKey, long segment) => $"{auditLogKey}/{segment}";

    /// <summary>A storage row of audit records (not a grain), by the sequence number of its first record.</summary>
    public static string AuditBatch(string auditLogKey, long firstSequence) => $"{auditLogKey}/{firstSequence}";

    public static string Policy(string name) => name;

    /// <summary>A foreign trust domain's federated bundle by that trust domain's name.</summary>
    public static string FederatedBundle(TrustDomain trustDomain) => trustDomain.Name;

    /// <summary>The federation relationships configured in the silos of the local trust domain.</summary>
    public static string FederationDirectory(TrustDomain localTrustDomain) => localTrustDomain.Name;

    /// <summary>X.509 credentials by serial number (lowercase hex), JWTs by <c>jti</c>.</summary>
    public static string Credential(string serialOrJti) => serialOrJti;

    /// <summary>Join tokens are keyed by the SHA-256 of the token so the token itself is never stored.</summary>
    public static string JoinToken(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Attestation challenges are keyed by the SHA-256 of the nonce, like join tokens.</summary>
    public static string AttestationChallenge(ReadOnlySpan<byte> nonce) => Convert.ToHexStringLower(SHA256.HashData(nonce));

    /// <summary>An enrolled TPM attestation key by its id (hex SHA-256 of its SubjectPublicKeyInfo).</summary>
    public static string TpmKey(string keyId) => keyId;

    /// <summary>An access token by its <c>jti</c>.</summary>
    public static string Token(string jti) => jti;

    /// <summary>A transaction by its <c>txn</c> (draft-ietf-oauth-transaction-tokens §4.2).</summary>
    public static string Transaction(string txn) => txn;

    /// <summary>A registered OAuth client by its client_id (an agent's is its SPIFFE ID).</summary>
    public static string OAuthClient(string clientId) => clientId;

    /// <summary>An SSF event stream by its stream_id.</summary>
    public static string SsfStream(string streamId) => streamId;

    public static string SsfStreamDirectory(TrustDomain trustDomain) => trustDomain.Name;

    public static string SignalDispatcher(TrustDomain trustDomain) => trustDomain.Name;

    /// <summary>The revocation list of one CA of a trust domain, by the CA key's id (its certificate serial, lowercase hex).</summary>
    public static string RevocationRegistry(TrustDomain trustDomain, string caKid) => $"{trustDomain.Name}/{caKid}";

    public static string RevocationResponder(TrustDomain trustDomain) => trustDomain.Name;

    /// <summary>A user's delegation session by its random id, which its codes and refresh tokens carry.</summary>
    public static string Session(string sessionId) => sessionId;

    /// <summary>A browser's pass through the login and consent pages by its random flow id.</summary>
    public static string AuthorizationFlow(string flowId) => flowId;

    /// <summary>The replay-cache shard of a single-use <c>jti</c> (256 shards by the first byte of its hash).</summary>
    public static string ReplayShard(TrustDomain trustDomain, string issuer, string jti) =>
        $"{trustDomain.Name}/{SHA256.HashData(Encoding.UTF8.GetBytes(issuer + "\n" + jti))[0]:x2}";

    /// <summary>A registration entry by its id (<see cref="Core.Registration.RegistrationEntryId"/>).</summary>
    public static string RegistrationEntry(string entryId) => entryId;

    /// <summary>The entries of one parent (node agent), by the parent's SPIFFE ID.</summary>
    public static string RegistrationEntriesOfParent(SpiffeId parentId) => parentId.ToString();

    public static string RegistrationEntryDirectory(TrustDomain trustDomain) => trustDomain.Name;

    /// <summary>A node agent's calls, by the node's SPIFFE ID.</summary>
    public static string Node(SpiffeId nodeId) => nodeId.ToString();
}
