using System.Text.Json;
using Aims.Core.Credentials;
using Aims.Core.Identity;
using Aims.Core.Jose;

namespace Aims.Core.OAuth;

/// <summary>
/// Validates the <c>assertion</c> of the <c>urn:ietf:params:oauth:grant-type:jwt-bearer</c> grant (RFC 7523 §2.1, §3)
/// from a <see cref="TrustedIssuer"/>. Every refusal is <c>invalid_grant</c> (RFC 7523 §3.1) with a description of the
/// check that failed. Stricter than the RFC where it allows: <c>jti</c> is required so the grant is single-use, the
/// subject must be a SPIFFE ID of a trust domain the issuer may assert, the lifetime is bounded, and only ES256,
/// ES384, RS256 and PS256 are accepted. Replay is the caller's part: see <see cref="ValidatedJwtAuthorizationGrant"/>.
/// </summary>
public static class JwtAuthorizationGrantValidator
{
    private const string What = "JWT authorization grant";

    /// <summary><c>private_key_jwt</c>-style: the keys come from the trusted issuer, never from a bundle.</summary>
    private static readonly JwtBundle NoBundle = new(TrustDomain.Parse("jwt-bearer.invalid"), new Dictionary<string, System.Security.Cryptography.ECDsa>());

    private static readonly JwtAuthorizationGrantValidationStep[] Steps =
    [
        static c => JwtValidationSteps.ParseToken(c.Jwt),
        CheckAlgorithm,
        CheckType,
        ValidateIssuer,
        ResolveKey,
        VerifySignature,
        ValidateAudience,
        static c => JwtValidationSteps.ValidateLifetime(c.Jwt),
        static c => JwtValidationSteps.ValidateIssuedAt(c.Jwt),
        LimitLifetime,
        ReadJwtId,
        ValidateSubject,
        ReadScope,
    ];

    /// <summary>
    /// The unverified <c>iss</c> and <c>kid</c> of an assertion, to pick the trusted issuer and its key; a token that
    /// is not a compact JWS with a string <c>iss</c> is refused here already.
    /// </summary>
    public static OAuthResult<AssertionSigner> ReadSigner(string assertion)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        if (!CompactJws.TryParse(assertion, CompactJws.DefaultMaxLength, out var jws, out var error))
            return Refuse($"it is not a JWS in compact serialization: {error}");
        if (!jws.Payload.TryGetProperty(JwtClaimNames.Issuer, out var iss) || iss.ValueKind != JsonValueKind.String
            || iss.GetString() is not { Length: > 0 } issuer)
            return Refuse("the 'iss' claim is required and must name the issuer of the assertion (RFC 7523 §3 item 1)");

        return OAuthResult<AssertionSigner>.Success(new AssertionSigner(issuer, jws.KeyId));
    }

    public static OAuthResult<ValidatedJwtAuthorizationGrant> Validate(string assertion, JwtAuthorizationGrantContext context, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfLessThan(context.ClockSkew, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(context.MaxLifetime, TimeSpan.Zero);

        var jwt = new JwtValidationContext(assertion, NoBundle, now, context.ClockSkew);
        var validation = new JwtAuthorizationGrantValidationContext(jwt, context);
        foreach (var step in Steps)
        {
            if (!step(validation))
                return OAuthResult<ValidatedJwtAuthorizationGrant>.Failure(Rejected(jwt.Detail!));
        }

        return OAuthResult<ValidatedJwtAuthorizationGrant>.Success(new ValidatedJwtAuthorizationGrant(
            context.Issuer.Issuer, validation.Subject!, jwt.Jti, jwt.Jws.KeyId!, jwt.Audience, jwt.IssuedAt, jwt.ExpiresAt,
            jwt.ExpiresAt + context.ClockSkew) { Scope = validation.Scope });
    }

    private static OAuthError Rejected(string detail) => OAuthError.InvalidGrant($"assertion rejected: {detail}");

    private static OAuthResult<AssertionSigner> Refuse(string detail) => OAuthResult<AssertionSigner>.Failure(Rejected(detail));

    /// <summary>RFC 8725 §3.1: the alg is checked against the allow-list before anything else is trusted.</summary>
    private static bool CheckAlgorithm(JwtAuthorizationGrantValidationContext context)
    {
        var alg = context.Jwt.Jws.Algorithm;
        if (JwkSignatureVerifier.IsVerifiable(alg))
            return true;

        var supported = string.Join(", ", JwkSignatureVerifier.Algorithms);
        return context.Reject(CredentialErrors.UnsupportedAlgorithm, alg switch
        {
            JwsAlgorithms.None => $"alg 'none' is never accepted: a {What} must be signed (RFC 7523 §3 item 9, RFC 8725 §3.1)",
            _ when alg.StartsWith("HS", StringComparison.Ordinal) =>
                $"alg '{alg}' is a symmetric (HMAC) algorithm and is never accepted for a {What}; sign with one of {supported} (RFC 8725 §3.1)",
            _ => $"alg '{alg}' is not accepted for a {What}; sign with one of {supported}",
        });
    }

    /// <summary>
    /// RFC 8725 §3.11: an explicitly typed JWT of another kind (an access token, a WIT, a Txn-Token, a SET, a client
    /// assertion) is never an authorization grant, so one token cannot be replayed as the other. Untyped, JWT and JOSE are.
    /// </summary>
    private static bool CheckType(JwtAuthorizationGrantValidationContext context)
    {
        var typ = context.Jwt.Jws.Type;
        return typ is null
               || string.Equals(typ, JwtTypes.Jwt, StringComparison.OrdinalIgnoreCase)
               || string.Equals(typ, JwtTypes.Jose, StringComparison.OrdinalIgnoreCase)
               || context.Reject(CredentialErrors.WrongType, $"header typ '{typ}' is not a {What}; omit typ or use 'JWT' (RFC 8725 §3.11)");
    }

    /// <summary>RFC 7523 §3 item 1: iss is the trusted issuer's identifier, by simple string comparison (RFC 3986 §6.2.1).</summary>
    private static bool ValidateIssuer(JwtAuthorizationGrantValidationContext context)
    {
        if (!context.Jwt.TryGetString(JwtClaimNames.Issuer, required: true, out var iss))
            return false;

        var expected = context.Options.Issuer.Issuer;
        return string.Equals(iss, expected, StringComparison.Ordinal)
               || context.Reject(AccessTokenValidator.WrongIssuer, $"'iss' is '{iss}', but the keys are those of trusted issuer '{expected}' (RFC 7523 §3 item 1)");
    }

    /// <summary>The header names its key: the trusted issuer's JWK Set is the only place a key comes from.</summary>
    private static bool ResolveKey(JwtAuthorizationGrantValidationContext context)
    {
        var kid = context.Jwt.Jws.KeyId;
        if (string.IsNullOrEmpty(kid))
            return context.Reject(CredentialErrors.UnknownKid, "the header has no 'kid'; name the key of the issuer's JWK Set that signed the assertion");
        if (!context.Options.Keys.TryGetKey(kid, out var key))
        {
            return context.Reject(CredentialErrors.UnknownKid,
                $"kid '{kid}' is not among the keys of trusted issuer '{context.Options.Issuer.Issuer}'; sign with a key its JWK Set publishes");
        }

        context.Key = key;
        return true;
    }

    /// <summary>RFC 7523 §3 item 9: the signature must verify.</summary>
    private static bool VerifySignature(JwtAuthorizationGrantValidationContext context) =>
        JwkSignatureVerifier.Verify(context.Jwt.Jws, context.Key!, out var error)
        || context.Reject(CredentialErrors.BadSignature, $"{error} (RFC 7523 §3 item 9)");

    /// <summary>
    /// RFC 7523 §3 item 3: aud identifies this authorization server, by its issuer identifier or token endpoint URL
    /// (identity chaining §2.4.2 allows both).
    /// </summary>
    private static bool ValidateAudience(JwtAuthorizationGrantValidationContext context)
    {
        if (!AudienceClaim.TryRead(context.Jwt.Jws.Payload, out var audience, out var error, out var detail))
            return context.Reject(error, detail + " (RFC 7523 §3 item 3)");

        foreach (var value in audience)
        {
            if (context.Options.Audiences.Contains(value, StringComparer.Ordinal))
            {
                context.Jwt.Audience = audience;
                return true;
            }
        }

        return context.Reject(CredentialErrors.WrongAudience,
            $"'aud' must contain {string.Join(" or ", context.Options.Audiences)} (RFC 7523 §3 item 3); it is [{string.Join(", ", audience)}]");
    }

    /// <summary>
    /// RFC 7523 §3 items 4 and 6: an exp "unreasonably far in the future" or an iat "unreasonably far in the past" may
    /// be refused. A grant is presented right after it is made, so both are bounded by the maximum lifetime, which
    /// also bounds how long its jti must be remembered.
    /// </summary>
    private static bool LimitLifetime(JwtAuthorizationGrantValidationContext context)
    {
        var jwt = context.Jwt;
        var limit = context.Options.MaxLifetime + jwt.ClockSkew;
        var lifetime = jwt.ExpiresAt - (jwt.IssuedAt is { } iat && iat < jwt.Now ? iat : jwt.Now);
        return lifetime <= limit
               || context.Reject(CredentialErrors.Malformed,
                   $"assertion lifetime too long: it is valid for {lifetime.TotalSeconds:0} s, at most " +
                   $"{context.Options.MaxLifetime.TotalSeconds:0} s is accepted (RFC 7523 §3 items 4 and 6); ask the issuer for a fresh, short-lived grant");
    }

    /// <summary>RFC 7523 §3 item 7 makes jti optional; it is required here so the grant can be used once only.</summary>
    private static bool ReadJwtId(JwtAuthorizationGrantValidationContext context)
    {
        if (!context.Jwt.TryGetString(JwtClaimNames.JwtId, required: true, out var jti))
            return context.Reject(context.Jwt.Error!, $"{context.Jwt.Detail}: this server accepts a {What} once, by its jti (RFC 7523 §3 item 7)");
        if (string.IsNullOrEmpty(jti) || jti.Length > OAuthConstants.Limits.MaxJwtIdLength)
        {
            return context.Reject(CredentialErrors.Malformed,
                $"'jti' must be a unique id of 1 to {OAuthConstants.Limits.MaxJwtIdLength} characters, so the grant can be used once (RFC 7523 §3 item 7)");
        }

        context.Jwt.Jti = jti;
        return true;
    }

    /// <summary>
    /// The optional <c>scope</c> claim (RFC 8693 §4.2): what the issuer let the grant carry (identity chaining §2.5
    /// "downscoping"). When present it bounds the scope this server grants for it.
    /// </summary>
    private static bool ReadScope(JwtAuthorizationGrantValidationContext context)
    {
        if (!context.Jwt.TryGetString(OAuthConstants.Claims.Scope, required: false, out var text))
            return false;
        if (text is null)
            return true;
        if (!ScopeSet.TryParse(text, out var scope, out var error))
            return context.Reject(CredentialErrors.Malformed, $"'scope' is not a space-delimited list of scope tokens (RFC 8693 §4.2): {error}");

        context.Scope = scope;
        return true;
    }

    /// <summary>
    /// RFC 7523 §3 item 2: sub is the principal the token is for; here an agent's SPIFFE ID, of a trust domain the
    /// issuer is trusted for (identity chaining §2.4.2: the server must be able to identify the subject).
    /// </summary>
    private static bool ValidateSubject(JwtAuthorizationGrantValidationContext context)
    {
        if (!context.Jwt.TryGetString(JwtClaimNames.Subject, required: true, out var sub))
            return context.Reject(context.Jwt.Error!, $"{context.Jwt.Detail} (RFC 7523 §3 item 2)");
        if (!SpiffeId.TryParse(sub, out var subject, out var error))
            return context.Reject(CredentialErrors.Malformed, $"'sub' must be the SPIFFE ID of an agent: {error}");

        var issuer = context.Options.Issuer;
        if (!issuer.MayAssert(subject))
        {
            return context.Reject(CredentialErrors.WrongTrustDomain,
                $"sub '{subject}' is in trust domain '{subject.TrustDomain}', but trusted issuer '{issuer.Issuer}' may assert subjects of " +
                $"{string.Join(", ", issuer.SubjectTrustDomains)} only");
        }

        context.Subject = subject;
        return true;
    }
}
