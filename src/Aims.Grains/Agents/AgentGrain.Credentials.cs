using Aims.Core.Credentials;
using Aims.Core.Revocation;
using Aims.Core.Signals;
using Aims.Core.StateMachines;
using Aims.Grains.Credentials;
using Aims.Grains.Tokens;

namespace Aims.Grains.Agents;

public sealed partial class AgentGrain
{
    private const string RevokeCredentialAction = "credential.revoke";

    public async Task<CredentialRevocationOutcome> RevokeCredentialAsync(CredentialRevocation revocation)
    {
        ArgumentNullException.ThrowIfNull(revocation);
        EnsureRegistered();
        var now = time.GetUtcNow();
        var index = S.Credentials.FindIndex(c => Names(c, revocation.CredentialId));
        if (index < 0)
            return await NotHeldAsync(revocation.CredentialId);

        var credential = S.Credentials[index];
        if (credential.State == CredentialState.Revoked)
            return CredentialRevocationOutcome.Refused(CredentialRevocationFailure.NotLive, $"credential {credential.Id} of {Id} is already revoked");
        if (credential.ExpiresAt <= now)
            return CredentialRevocationOutcome.Refused(CredentialRevocationFailure.NotLive, $"credential {credential.Id} of {Id} expired at {credential.ExpiresAt:O}; it needs no revocation");

        var revokedAt = now;
        if (IsTracked(credential))
        {
            try
            {
                // An X.509-SVID goes onto its CA's revocation list inside: CRL and OCSP say revoked once this returns.
                var record = await Credential(credential.Id).RevokeAsync(revocation.Reason, revocation.Code);
                revokedAt = record.RevokedAt ?? now;
            }
            catch (InvalidTransitionException)
            {
                S.Credentials[index] = credential with { State = CredentialState.Revoked };
                await PersistAsync();
                return CredentialRevocationOutcome.Refused(CredentialRevocationFailure.NotLive, $"credential {credential.Id} of {Id} is no longer live; it was revoked or expired meanwhile");
            }
        }
        else
        {
            // A JWT-SVID has no grain: spending its jti keeps it from ever authenticating this agent as a client again
            // (RFC 7523 §3 item 7). Relying parties elsewhere honour it only until it expires.
            SpendRevokedJwtSvid(credential.Id, credential.ExpiresAt);
        }

        var revoked = credential with { State = CredentialState.Revoked };
        S.Credentials[index] = revoked;
        S.ClientKeys.RemoveAll(k => k.CredentialId == credential.Id);
        S.UpdatedAt = now;
        await PersistAsync();
        await AuditAsync(
            RevokeCredentialAction, "Allowed", revocation.CorrelationId, revocation.Actor, resource: $"{ResourceName(credential.Kind)}:{credential.Id}",
            cause: revocation.Reason, detail: $"{credential.Kind} revoked at {revokedAt:O}, reason code {RevocationReasons.Name(revocation.Code)}; it would have expired at {credential.ExpiresAt:O}");

        if (credential.Kind == CredentialKind.X509Svid)
        {
            var cause = new EventCause(NewTxn(), revokedAt, Initiator(revocation.Actor), revocation.Reason);
            await DispatchAsync(
                [SecurityEvents.CredentialChange(AgentSubject(), "revoke", null, credential.Id, cause)],
                new AdminAction(revocation.Actor, revocation.CorrelationId, revocation.Reason), RevokeCredentialAction);
        }

        return CredentialRevocationOutcome.Revoked(revoked, revokedAt, revocation.Code);
    }

    /// <summary>
    /// 404 unless the id is a credential of this agent that has left the live list (it expired): the credential grain of
    /// an X.509-SVID (keyed by lowercase hex) or WIT still knows it, and says so with a 409.
    /// </summary>
    private async Task<CredentialRevocationOutcome> NotHeldAsync(string credentialId)
    {
        var record = await Credential(credentialId).GetAsync();
        var lower = credentialId.ToLowerInvariant();
        if (record is null && lower != credentialId)
            record = await Credential(lower).GetAsync();
        if (record is not null && record.SpiffeId == Id.ToString())
        {
            var standing = record.ExpiresAt <= time.GetUtcNow() ? $"expired at {record.ExpiresAt:O}" : record.State.ToString().ToLowerInvariant();
            return CredentialRevocationOutcome.Refused(
                CredentialRevocationFailure.NotLive, $"credential {record.Id} of {Id} is {standing}; only a live credential can be revoked");
        }

        return CredentialRevocationOutcome.Refused(
            CredentialRevocationFailure.NotFound, $"agent {Id} holds no credential {credentialId}; GET /v1/agents/{{id}}/credentials lists its live ones");
    }

    /// <summary>An X.509 serial is hex, matched whatever its case; a jti is matched exactly.</summary>
    private static bool Names(CredentialSummary credential, string id) => credential.Kind == CredentialKind.X509Svid
        ? string.Equals(credential.Id, id, StringComparison.OrdinalIgnoreCase)
        : string.Equals(credential.Id, id, StringComparison.Ordinal);
}
