using System.Security.Cryptography;
using Aims.Core.Credentials;
using Aims.Core.Identity;
using Aims.Core.Jose;

namespace Aims.Core.OAuth;

/// <summary>
/// Authenticates a client by its <c>client_assertion</c> (RFC 7523 §2.2, §3; RFC 7521 §4.2): a JWT-SVID of this
/// trust domain, or a <c>private_key_jwt</c> (OIDC Core §9). Every refusal is <c>invalid_client</c> (RFC 7523 §3.2)
/// with a description of what to fix. Replay is the caller's part: see <see cref="ValidatedClientAssertion"/>.
/// </summary>
public static class ClientAssertionValidator
{
    private const string What = "client assertion";

    /// <summary>
    /// <c>private_key_jwt</c> keys come from the client's registration, not from a bundle; the shared steps this
    /// validator runs never read the bundle of its JWT context.
    /// </summary>
    private static readonly JwtBundle NoBundle = new(TrustDomain.Parse("private-key-jwt.invalid"), new Dictionary<string, ECDsa>());

    private static readonly ClientAssertionValidationStep[] Steps =
    [
        static c => JwtValidationSteps.ParseToken(c.Jwt),
        CheckAlgorithm,
        CheckType,
        ValidateSubject,
        ValidateIssuer,
        ResolveKey,
        static c => JwtValidationSteps.VerifySignature(c.Jwt),
        ValidateAudience,
        static c => JwtValidationSteps.ValidateLifetime(c.Jwt),
        static c => JwtValidationSteps.ValidateIssuedAt(c.Jwt),
        LimitLifetime,
        ReadJwtId,
    ];

    public static OAuthResult<ValidatedClientAssertion> Validate(string assertion, ClientAssertionContext context, DateTimeOffset now) =>
        Validate(assertion, parsed: null, context, now);

    /// <param name="parsed">
    /// The assertion as <see cref="CompactJws.TryParse"/> read it with <see cref="CompactJws.DefaultMaxLength"/>, when the
    /// caller had to read it to choose the keys; null to parse it here. Everything else is checked as for a string.
    /// </param>
    public static OAuthResult<ValidatedClientAssertion> Validate(string assertion, ParsedJws? parsed, ClientAssertionContext context, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentOutOfRangeException.ThrowIfLessThan(context.ClockSkew, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(context.MaxLifetime, TimeSpan.Zero);

        var jwt = new JwtValidationContext(assertion, context.TrustBundle ?? NoBundle, now, context.ClockSkew);
        if (parsed is not null)
            jwt.Jws = parsed;
        var validation = new ClientAssertionValidationContext(jwt, context);
        foreach (var step in Steps)
        {
            if (!step(validation))
                return OAuthResult<ValidatedClientAssertion>.Failure(OAuthError.InvalidClient($"client_assertion rejected: {jwt.Detail}"));
        }

        return OAuthResult<ValidatedClientAssertion>.Success(new ValidatedClientAssertion(validation.ClientId, context.Kind,
            validation.SpiffeId, jwt.Jti, jwt.IssuedAt, jwt.ExpiresAt, jwt.ExpiresAt + context.ClockSkew, jwt.Jws.KeyId));
    }

    private static bool CheckAlgorithm(ClientAssertionValidationContext context) =>
        SigningAlgorithmPolicy.DescribeRefusal(context.Jwt.Jws.Algorithm, What) is not { } refusal
        || context.Reject(CredentialErrors.UnsupportedAlgorithm, refusal);

    /// <summary>
    /// RFC 8725 §3.11: an explicitly typed JWT of another kind (an access token, a WIT, a Txn-Token, a SET) is
    /// never a client assertion. Untyped, JWT, JOSE and client-authentication+jwt (draft-ietf-oauth-rfc7523bis) are.
    /// </summary>
    private static bool CheckType(ClientAssertionValidationContext context)
    {
        var typ = context.Jwt.Jws.Type;
        if (typ is null
            || string.Equals(typ, JwtTypes.Jwt, StringComparison.OrdinalIgnoreCase)
            || string.Equals(typ, JwtTypes.Jose, StringComparison.OrdinalIgnoreCase)
            || string.Equals(typ, OAuthConstants.JwtTypes.ClientAuthentication, StringComparison.OrdinalIgnoreCase)
            || string.Equals(typ, OAuthConstants.JwtTypes.ClientAuthenticationMediaType, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return context.Reject(CredentialErrors.WrongType,
            $"header typ '{typ}' is not a client assertion; omit typ or use 'JWT' or '{OAuthConstants.JwtTypes.ClientAuthentication}' (RFC 8725 §3.11)");
    }

    /// <summary>
    /// RFC 7523 §3 item 2: "For client authentication, the subject MUST be the client_id"; RFC 7521 §4.2: a
    /// client_id parameter must name the same client. A JWT-SVID's sub is a SPIFFE ID of this trust domain.
    /// </summary>
    private static bool ValidateSubject(ClientAssertionValidationContext context)
    {
        if (!context.Jwt.TryGetString(JwtClaimNames.Subject, required: true, out var sub))
            return false;
        if (string.IsNullOrEmpty(sub))
            return context.Reject(CredentialErrors.Malformed, "the 'sub' claim must be the client_id, not empty (RFC 7523 §3)");

        if (context.Options.Kind == ClientAssertionKind.JwtSvid)
        {
            if (!SpiffeId.TryParse(sub, out var spiffeId, out var error))
                return context.Reject(CredentialErrors.Malformed, $"the 'sub' of a JWT-SVID must be a SPIFFE ID: {error}");

            var trustDomain = context.Options.TrustBundle!.TrustDomain;
            if (!spiffeId.IsMemberOf(trustDomain))
            {
                return context.Reject(CredentialErrors.WrongTrustDomain,
                    $"sub '{spiffeId}' belongs to trust domain '{spiffeId.TrustDomain}'; this authorization server accepts " +
                    $"JWT-SVIDs of trust domain '{trustDomain}' only");
            }

            context.SpiffeId = spiffeId;
        }

        if (context.Options.ClientId is { } clientId && !string.Equals(sub, clientId, StringComparison.Ordinal))
        {
            return context.Reject(CredentialErrors.Malformed,
                $"'sub' is '{sub}' but client_id is '{clientId}'; they must be the same client (RFC 7523 §3, RFC 7521 §4.2)");
        }

        context.ClientId = sub;
        return true;
    }

    /// <summary>
    /// private_key_jwt: iss and sub are both the client_id (OIDC Core §9, RFC 7523 §3 item 1). A JWT-SVID has no
    /// iss (JWT-SVID §3) and its key comes from the bundle, never from iss; one that has it is not refused.
    /// </summary>
    private static bool ValidateIssuer(ClientAssertionValidationContext context)
    {
        var required = context.Options.Kind == ClientAssertionKind.PrivateKeyJwt;
        if (!context.Jwt.TryGetString(JwtClaimNames.Issuer, required, out var iss))
            return false;
        if (required && !string.Equals(iss, context.ClientId, StringComparison.Ordinal))
        {
            return context.Reject(CredentialErrors.Malformed,
                $"'iss' is '{iss}' but must equal 'sub' '{context.ClientId}': a private_key_jwt is issued by the client itself (RFC 7523 §3, OIDC Core §9)");
        }

        return true;
    }

    private static bool ResolveKey(ClientAssertionValidationContext context)
    {
        var kid = context.Jwt.Jws.KeyId;
        if (context.Options.Kind == ClientAssertionKind.JwtSvid)
            return JwtValidationSteps.ResolveKey(context.Jwt);

        var key = context.Options.KeyResolver!(context.ClientId, kid);
        if (key is null)
        {
            return context.Reject(CredentialErrors.UnknownKid, kid is null
                ? $"client '{context.ClientId}' has no registered key that can verify an assertion without 'kid'; name the key in the header"
                : $"client '{context.ClientId}' has no registered key with kid '{kid}'; register the key or fix the header");
        }

        context.Jwt.Key = key;
        return true;
    }

    /// <summary>RFC 7523 §3 item 3: aud identifies this authorization server, by its token endpoint URL or issuer identifier.</summary>
    private static bool ValidateAudience(ClientAssertionValidationContext context)
    {
        if (!AudienceClaim.TryRead(context.Jwt.Jws.Payload, out var audience, out var error, out var detail))
            return context.Reject(error, detail);

        foreach (var value in audience)
        {
            foreach (var accepted in context.Options.Audiences)
            {
                if (string.Equals(value, accepted, StringComparison.Ordinal))
                {
                    context.Jwt.Audience = audience;
                    return true;
                }
            }
        }

        return context.Reject(CredentialErrors.WrongAudience,
            $"'aud' must contain {string.Join(" or ", context.Options.Audiences)} (RFC 7523 §3); it is [{string.Join(", ", audience)}]");
    }

    /// <summary>
    /// RFC 7523 §3 items 4 and 6: an exp "unreasonably far in the future" or an iat "unreasonably far in the past"
    /// may be refused. An assertion authenticates one request, so both are bounded by the maximum lifetime.
    /// </summary>
    private static bool LimitLifetime(ClientAssertionValidationContext context)
    {
        var limit = context.Options.MaxLifetime + context.Jwt.ClockSkew;
        var exp = context.Jwt.ExpiresAt;
        var lifetime = exp - (context.Jwt.IssuedAt is { } iat && iat < context.Jwt.Now ? iat : context.Jwt.Now);
        if (lifetime > limit)
        {
            return context.Reject(CredentialErrors.Malformed,
                $"assertion lifetime too long: it is valid for {lifetime.TotalSeconds:0} s, at most " +
                $"{context.Options.MaxLifetime.TotalSeconds:0} s is accepted; mint a short-lived assertion for each request");
        }

        return true;
    }

    /// <summary>OIDC Core §9: jti is required so the assertion is used once; its length bounds the replay cache entry.</summary>
    private static bool ReadJwtId(ClientAssertionValidationContext context)
    {
        if (!context.Jwt.TryGetString(JwtClaimNames.JwtId, required: true, out var jti))
            return false;
        if (string.IsNullOrEmpty(jti) || jti.Length > OAuthConstants.Limits.MaxJwtIdLength)
        {
            return context.Reject(CredentialErrors.Malformed,
                $"'jti' must be a unique id of 1 to {OAuthConstants.Limits.MaxJwtIdLength} characters, so the assertion can be used once");
        }

        context.Jwt.Jti = jti;
        return true;
    }
}
