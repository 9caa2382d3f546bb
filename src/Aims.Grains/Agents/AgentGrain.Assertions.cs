using Aims.Core.Credentials;
using Aims.Core.Tokens;
using Aims.Grains.Tokens;

namespace Aims.Grains.Agents;

public sealed partial class AgentGrain
{
    /// <summary>
    /// The jtis of this agent's client assertions that were spent (RFC 7523 §3 item 7), each until it expires. In
    /// memory, like the replay cache shards, and for the same reason: a durable write per assertion would cap grants
    /// at the disk's sync rate. The JWT-SVIDs of the agent that were revoked are durable in its state, and are spent
    /// again when the set is first needed in an activation, so a revoked JWT-SVID never authenticates after a restart.
    /// </summary>
    private SingleUseIds? _spentAssertions;

    public Task<bool> UseClientAssertionAsync(ClientAssertionUse assertion) => Task.FromResult(TrySpend(assertion));

    private bool TrySpend(ClientAssertionUse assertion) =>
        SpentAssertions().TryUse(assertion.Jti, assertion.Until, time.GetUtcNow());

    /// <summary>Marks a revoked JWT-SVID's jti as spent, so it never authenticates this agent as a client again.</summary>
    private void SpendRevokedJwtSvid(string jti, DateTimeOffset expiresAt) =>
        SpentAssertions().TryUse(jti, expiresAt, time.GetUtcNow());

    private SingleUseIds SpentAssertions()
    {
        if (_spentAssertions is { } spent)
            return spent;

        spent = new SingleUseIds();
        var now = time.GetUtcNow();
        foreach (var credential in S.Credentials)
        {
            if (credential.Kind == CredentialKind.JwtSvid && credential.State == CredentialState.Revoked && credential.ExpiresAt > now)
                spent.TryUse(credential.Id, credential.ExpiresAt, now);
        }

        return _spentAssertions = spent;
    }

    private static string ReplayRefusal(ClientAssertionUse assertion) =>
        $"client_assertion jti '{assertion.Jti}' was already used; assertions are single-use, present a new one";
}
