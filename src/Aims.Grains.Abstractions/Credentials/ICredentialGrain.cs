using Aims.Core.Credentials;

namespace Aims.Grains.Credentials;

/// <summary>One issued X.509-SVID (keyed by serial) or WIT (keyed by <c>jti</c>): Issued → Active → Superseded | Expired | Revoked.</summary>
[Alias("aims.ICredentialGrain")]
public interface ICredentialGrain : IGrainWithStringKey
{
    [Alias("RecordIssued")] Task RecordIssuedAsync(CredentialKind kind, string spiffeId, DateTimeOffset issuedAt, DateTimeOffset expiresAt, string issuerKeyId);

    [Alias("Activate")] Task<CredentialRecord> ActivateAsync();

    [Alias("Supersede")] Task<CredentialRecord> SupersedeAsync();

    /// <summary>
    /// Revokes a live credential. An X.509-SVID's serial goes durably onto its CA's revocation list first, so once this
    /// returns the CRL and OCSP both answer revoked. <paramref name="reason"/> is the operator's text for the record,
    /// <paramref name="code"/> the RFC 5280 reason code the CRL and OCSP carry.
    /// </summary>
    [Alias("Revoke")] Task<CredentialRecord> RevokeAsync(string reason, Core.Revocation.RevocationReason code);

    /// <summary>Moves a live credential to Expired once its expiry has passed; returns the current record.</summary>
    [Alias("ExpireIfDue")] Task<CredentialRecord?> ExpireIfDueAsync();

    /// <summary>The record, or null when the id was never issued (the OCSP responder's "unknown"); never writes.</summary>
    [Alias("Get"), Orleans.Concurrency.ReadOnly] Task<CredentialRecord?> GetAsync();
}
