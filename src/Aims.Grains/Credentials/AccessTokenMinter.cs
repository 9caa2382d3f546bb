using Aims.Core.OAuth;
using Aims.Grains.Tokens;

namespace Aims.Grains.Credentials;

/// <summary>
/// Signs RFC 9068 access tokens with the authorization server's active key, in the caller's own turn: the grains that
/// grant tokens (agent, session, trusted-issuer grants) mint here rather than calling an issuer worker, so a grant is
/// one grain call fewer. Every token is checked by the relying parties' validator before it is returned (mint, then
/// verify): its signature once per key ring and signing key, its header and claims every time.
/// </summary>
public sealed class AccessTokenMinter(SiloKeyRing keys, TimeProvider time)
{
    /// <summary>The issuer reuses its buffers, so each thread has its own.</summary>
    [ThreadStatic]
    private static AccessTokenIssuer? t_issuer;

    /// <summary>The ring sequence and key whose signatures were verified whole; replaced, never changed.</summary>
    private volatile VerifiedKey? _verified;

    public async ValueTask<AccessTokenIssued> MintAsync(AccessTokenMint request)
    {
        var ring = await keys.CurrentAsync();
        var now = time.GetUtcNow();
        var key = ring.ActiveOAuthKey ?? throw new InvalidOperationException("The authority has no active authorization-server key.");
        var token = (t_issuer ??= new AccessTokenIssuer()).Mint(key, new AccessTokenRequest
        {
            Issuer = request.Issuer,
            Subject = request.Subject,
            ClientId = request.ClientId,
            Audience = request.Audience,
            Scope = ScopeSet.Create(request.Scopes),
            Ttl = request.Ttl,
            Actors = request.Actors,
            MayAct = request.MayAct,
            CnfX5tS256 = request.CnfX5tS256,
        }, now);

        // The first token after the ring or its active key changed goes through the validator whole (it catches a key,
        // alg or bundle mismatch); every token's header and claims go through it without the signature check, since
        // verifying every signature again would double the crypto of the hottest path.
        var verifiedKey = new VerifiedKey(ring.Sequence, key.Kid);
        var check = verifiedKey == _verified
            ? AccessTokenValidator.ValidateClaimsOfOwnToken(token.Token, ring.OAuthKeys, request.Issuer, request.Audience[0], now)
            : AccessTokenValidator.Validate(token.Token, ring.OAuthKeys, request.Issuer, request.Audience[0], now);
        if (!check.IsValid)
            throw new InvalidOperationException($"Issued access token failed its own validation: {check}");
        _verified = verifiedKey;

        return new AccessTokenIssued(token.Token, token.Jti, token.Scope.ToString(), token.Audience, token.IssuedAt, token.ExpiresAt);
    }

    private sealed record VerifiedKey(long Sequence, string Kid);
}
