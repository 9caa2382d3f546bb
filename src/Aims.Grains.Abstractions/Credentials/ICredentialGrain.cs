using Aims.Core.Credentials;

namespace Aims.Grains.Credentials;

/// <summary>One issued X.509-SVID (keyed by serial) or WIT (keyed by <c>jti</c>): Issued → Active → Superseded | Expired | Revoked.</summary>
[Alias("aims.ICredentialGrain")]
public interface ICredentialGrain : IGrainWithStringKey
{
    [Alias("RecordIssued")] Task RecordIssuedAsync(CredentialKind kind, string spiffeId, DateTimeOffset issuedAt, DateTimeOffset expiresAt, string issuerKeyId);

    [Alias("Activate")] Task<CredentialRecord> ActivateAsync();

    [Alias("Supersede")] Task<CredentialRecord> SupersedeAsync();

    [Alias("Revoke")] Task<CredentialRecord> RevokeAsync(string reason);

    /// <summary>Moves a live credential to Expired once its expiry has passed; returns the current record.</summary>
    [Alias("ExpireIfDue")] Task<CredentialRecord?> ExpireIfDueAsync();

    [Alias("Get")] Task<CredentialRecord?> GetAsync();
}
