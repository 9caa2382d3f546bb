using Aims.Core.Credentials;
using Aims.Core.Jose;

namespace Aims.Core.OAuth;

/// <summary>
/// Validates RFC 9068 JWT access tokens as a resource server must (RFC 9068 §4), against the authorization
/// server's signing keys. A refusal carries a <see cref="CredentialErrors"/> code (or <see cref="WrongIssuer"/>) and
/// a detail; a resource server answers any of them with <c>invalid_token</c> (RFC 6750 §3.1).
/// </summary>
public static class AccessTokenValidator
{
    /// <summary>The <c>iss</c> claim is not the expected issuer. Belongs in <see cref="CredentialErrors"/>.</summary>
    public const string WrongIssuer = "wrong_issuer";

    private static readonly AccessTokenValidationStep VerifySignature = static c => JwtValidationSteps.VerifySignature(c.Jwt);

    private static readonly AccessTokenValidationStep[] Steps =
    [
        static c => JwtValidationSteps.ParseToken(c.Jwt),
        CheckAlgorithm,
        CheckType,
        ResolveKey,
        VerifySignature,
        ValidateIssuer,
        ValidateAudience,
        static c => JwtValidationSteps.ValidateLifetime(c.Jwt),
        static c => JwtValidationSteps.ValidateRequiredIssuedAt(c.Jwt),
        ReadSubject,
        ReadClientId,
        ReadJwtId,
        ReadScope,
        ReadActors,
        ReadMayAct,
        ReadConfirmation,
    ];

    /// <summary>Every step of <see cref="Steps"/> but the signature check.</summary>
    private static readonly AccessTokenValidationStep[] ClaimSteps = [.. Steps.Where(step => step != VerifySignature)];

    /// <param name="keys">The authorization server's signing keys by <c>kid</c> (its <c>jwks_uri</c>).</param>
    /// <param name="expectedIssuer">The issuer identifier, compared exactly (RFC 9068 §4).</param>
    /// <param name="expectedAudience">This resource server's identifier, which <c>aud</c> must contain; null skips the match but still requires <c>aud</c>.</param>
    /// <param name="clockSkew">Leeway for <c>exp</c>, <c>nbf</c> and <c>iat</c>; default 30 s.</param>
    public static CredentialValidationResult<AccessToken> Validate(string token, JwtBundle keys, string expectedIssuer,
        string? expectedAudience, DateTimeOffset now, TimeSpan? clockSkew = null) =>
        Run(Steps, token, keys, expectedIssuer, expectedAudience, now, clockSkew);

    /// <summary>
    /// Everything <see cref="Validate"/> checks except the signature: the alg, typ, a <c>kid</c> that
    /// <paramref name="keys"/> publishes, and every claim. Only for the issuer's check of a token it has just signed
    /// with a key whose signatures it has already verified against the same <paramref name="keys"/> (mint, then verify:
    /// the key once per key ring, the claims of every token); a relying party always calls <see cref="Validate"/>.
    /// </summary>
    public static CredentialValidationResult<AccessToken> ValidateClaimsOfOwnToken(string token, JwtBundle keys, string expectedIssuer,
        string? expectedAudience, DateTimeOffset now) =>
        Run(ClaimSteps, token, keys, expectedIssuer, expectedAudience, now, clockSkew: null);

    private static CredentialValidationResult<AccessToken> Run(AccessTokenValidationStep[] steps, string token, JwtBundle keys,
        string expectedIssuer, string? expectedAudience, DateTimeOffset now, TimeSpan? clockSkew)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentException.ThrowIfNullOrEmpty(expectedIssuer);
        if (expectedAudience is { Length: 0 })
            throw new ArgumentException("Pass this resource server's identifier, or null to skip the audience match.", nameof(expectedAudience));

        var jwt = new JwtValidationContext(token, keys, now, clockSkew ?? CredentialValidationWindow.DefaultClockSkew);
        var context = new AccessTokenValidationContext(jwt, expectedIssuer, expectedAudience);
        foreach (var step in steps)
        {
            if (!step(context))
                return CredentialValidationResult<AccessToken>.Failure(jwt.Error!, jwt.Detail!);
        }

        return CredentialValidationResult<AccessToken>.Success(new AccessToken(token, jwt.Jti, context.Issuer, context.Subject,
            context.ClientId, jwt.Audience, context.Scope, jwt.IssuedAt!.Value, jwt.ExpiresAt, context.Actors,
            context.CnfX5tS256, jwt.Jws.KeyId!)
        {
            MayAct = context.MayAct,
        });
    }

    /// <summary>RFC 9068 §4, RFC 8725 §3.1: the alg is checked against the allow-list before anything else is trusted.</summary>
    private static bool CheckAlgorithm(AccessTokenValidationContext context) =>
        SigningAlgorithmPolicy.DescribeRefusal(context.Jwt.Jws.Algorithm, "access token") is not { } refusal
        || context.Reject(CredentialErrors.UnsupportedAlgorithm, refusal);

    /// <summary>
    /// RFC 9068 §4: typ is "at+jwt" or "application/at+jwt", compared case-insensitively (RFC 7515 §4.1.9; RFC 9068's
    /// own example writes "at+JWT"). This keeps ID tokens, SVIDs, SETs and Txn-Tokens from passing as access tokens.
    /// </summary>
    private static bool CheckType(AccessTokenValidationContext context)
    {
        var typ = context.Jwt.Jws.Type;
        return string.Equals(typ, OAuthConstants.JwtTypes.AccessToken, StringComparison.OrdinalIgnoreCase)
               || string.Equals(typ, OAuthConstants.JwtTypes.AccessTokenMediaType, StringComparison.OrdinalIgnoreCase)
               || context.Reject(CredentialErrors.WrongType,
                   typ is null
                       ? "header typ is missing; an access token has typ 'at+jwt' (RFC 9068 §2.1, §4)"
                       : Transactions.TxnTokenValidator.IsTxnTokenType(typ)
                           // draft-ietf-oauth-transaction-tokens §7.1: a Txn-Token is never an access token.
                           ? "this is a transaction token (typ 'txntoken+jwt'), which is never an access token: send it in the Txn-Token header, not as a Bearer token or subject access token"
                           : $"header typ must be 'at+jwt' (RFC 9068 §2.1, §4), got '{typ}'");
    }

    /// <summary>RFC 9068 §4: the key is one the authorization server published, found by kid.</summary>
    private static bool ResolveKey(AccessTokenValidationContext context)
    {
        var kid = context.Jwt.Jws.KeyId;
        if (string.IsNullOrEmpty(kid))
            return context.Reject(CredentialErrors.UnknownKid, "the header has no 'kid'; access tokens name their signing key");
        if (!context.Jwt.Bundle.TryGetKey(kid, out var key))
        {
            return context.Reject(CredentialErrors.UnknownKid,
                $"kid '{kid}' is not among the authorization server's keys; refresh them from its jwks_uri");
        }

        context.Jwt.Key = key;
        return true;
    }

    /// <summary>RFC 9068 §4: iss exactly matches the issuer identifier (RFC 8414 §2).</summary>
    private static bool ValidateIssuer(AccessTokenValidationContext context)
    {
        if (!context.TryGetRequiredString(JwtClaimNames.Issuer, out var iss))
            return false;
        if (!string.Equals(iss, context.ExpectedIssuer, StringComparison.Ordinal))
            return context.Reject(WrongIssuer, $"the token was issued by '{iss}', not by '{context.ExpectedIssuer}' (RFC 9068 §4)");

        context.Issuer = iss;
        return true;
    }

    /// <summary>RFC 9068 §4: aud contains this resource server's identifier.</summary>
    private static bool ValidateAudience(AccessTokenValidationContext context)
    {
        if (!AudienceClaim.TryRead(context.Jwt.Jws.Payload, out var audience, out var error, out var detail))
            return context.Reject(error, detail);
        if (context.ExpectedAudience is { } expected && Array.IndexOf(audience, expected) < 0)
        {
            return context.Reject(CredentialErrors.WrongAudience,
                $"the token is for [{string.Join(", ", audience)}], not for '{expected}' (RFC 9068 §4)");
        }

        context.Jwt.Audience = audience;
        return true;
    }

    /// <summary>RFC 9068 §2.2: sub is the resource owner, or the client for client_credentials; any non-empty string.</summary>
    private static bool ReadSubject(AccessTokenValidationContext context)
    {
        if (!context.TryGetRequiredString(JwtClaimNames.Subject, out var sub))
            return false;

        context.Subject = sub;
        return true;
    }

    /// <summary>RFC 9068 §2.2, RFC 8693 §4.3.</summary>
    private static bool ReadClientId(AccessTokenValidationContext context)
    {
        if (!context.TryGetRequiredString(OAuthConstants.Claims.ClientId, out var clientId))
            return false;

        context.ClientId = clientId;
        return true;
    }

    private static bool ReadJwtId(AccessTokenValidationContext context)
    {
        if (!context.TryGetRequiredString(JwtClaimNames.JwtId, out var jti))
            return false;

        context.Jwt.Jti = jti;
        return true;
    }

    /// <summary>RFC 9068 §2.2.3, RFC 8693 §4.2: scope is optional and, when present, a valid space-delimited scope.</summary>
    private static bool ReadScope(AccessTokenValidationContext context)
    {
        if (!context.Jwt.TryGetString(OAuthConstants.Claims.Scope, required: false, out var text))
            return false;
        if (!ScopeSet.TryParse(text, out var scope, out var error))
            return context.Reject(CredentialErrors.Malformed, $"the 'scope' claim is not valid: {error}");

        context.Scope = scope;
        return true;
    }

    private static bool ReadActors(AccessTokenValidationContext context)
    {
        if (!ActorClaim.TryRead(context.Jwt.Jws.Payload, out var actors, out var error))
            return context.Reject(CredentialErrors.Malformed, error);

        context.Actors = actors;
        return true;
    }

    private static bool ReadMayAct(AccessTokenValidationContext context)
    {
        if (!MayActClaim.TryRead(context.Jwt.Jws.Payload, out var party, out var error))
            return context.Reject(CredentialErrors.Malformed, error);

        context.MayAct = party;
        return true;
    }

    private static bool ReadConfirmation(AccessTokenValidationContext context)
    {
        if (!ConfirmationClaim.TryRead(context.Jwt.Jws.Payload, out var thumbprint, out var error, out var detail))
            return context.Reject(error!, detail!);

        context.CnfX5tS256 = thumbprint;
        return true;
    }
}
