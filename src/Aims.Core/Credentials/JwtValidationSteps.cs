using Aims.Core.Identity;
using Aims.Core.Jose;

namespace Aims.Core.Credentials;

/// <summary>The checks JWT-SVID and WIT-SVID validation share (JWT-SVID §4, WIT-SVID §4, RFC 8725 §3).</summary>
internal static class JwtValidationSteps
{
    public static bool ParseToken(JwtValidationContext context)
    {
        if (context.IsParsed)
            return true;
        if (context.Token.Length > CompactJws.DefaultMaxLength)
            return context.Reject(CredentialErrors.TooLarge, CompactJws.TooLargeError(CompactJws.DefaultMaxLength));
        if (!CompactJws.TryParse(context.Token, CompactJws.DefaultMaxLength, out var jws, out var error))
            return context.Reject(CredentialErrors.Malformed, error);

        context.Jws = jws;
        return true;
    }

    /// <summary>JWT-SVID §4: the alg is checked against the allow-list before anything else is processed.</summary>
    public static bool CheckAlgorithm(JwtValidationContext context) =>
        JwsAlgorithms.DescribeRefusal(context.Jws.Algorithm, "alg") is not { } refusal
        || context.Reject(CredentialErrors.UnsupportedAlgorithm, refusal);

    /// <summary>JWT-SVID §3, workload-creds §3: sub is a SPIFFE ID of the bundle's trust domain.</summary>
    public static bool ValidateSubject(JwtValidationContext context)
    {
        if (!context.TryGetString(JwtClaimNames.Subject, required: true, out var sub))
            return false;
        if (!SpiffeId.TryParse(sub, out var subject, out var error))
            return context.Reject(CredentialErrors.Malformed, $"the 'sub' claim is not a SPIFFE ID: {error}");
        if (!subject.IsMemberOf(context.Bundle.TrustDomain))
        {
            return context.Reject(CredentialErrors.WrongTrustDomain,
                $"sub '{subject}' belongs to trust domain '{subject.TrustDomain}' but the bundle is for '{context.Bundle.TrustDomain}'; " +
                "validate with the bundle of the subject's trust domain");
        }

        context.Subject = subject;
        return true;
    }

    /// <summary>WIT-SVID §2.1 requires kid; go-spiffe and SPIRE require it for JWT-SVIDs too (WIT-SVID App. C).</summary>
    public static bool ResolveKey(JwtValidationContext context)
    {
        var kid = context.Jws.KeyId;
        if (string.IsNullOrEmpty(kid))
            return context.Reject(CredentialErrors.UnknownKid, "the header has no 'kid'; SVIDs must name their signing key");
        if (!context.Bundle.TryGetKey(kid, out var key))
        {
            return context.Reject(CredentialErrors.UnknownKid,
                $"kid '{kid}' is not in the bundle of trust domain '{context.Bundle.TrustDomain}'; refresh the bundle or check the issuer");
        }

        context.Key = key;
        return true;
    }

    public static bool VerifySignature(JwtValidationContext context) =>
        context.Jws.VerifySignature(context.Key, out var error) || context.Reject(CredentialErrors.BadSignature, error);

    /// <summary>exp is required and not past; nbf, when present, is not in the future (JWT-SVID §3, WIT-SVID §3.4, §3.5).</summary>
    public static bool ValidateLifetime(JwtValidationContext context)
    {
        if (!context.TryGetNumericDate(JwtClaimNames.ExpiresAt, required: true, out var exp)
            || !context.TryGetNumericDate(JwtClaimNames.NotBefore, required: false, out var nbf))
        {
            return false;
        }

        if (!CredentialValidationWindow.IsCurrent(nbf, exp!.Value, context.Now, context.ClockSkew, out var error, out var detail))
            return context.Reject(error, detail);

        context.ExpiresAt = exp.Value;
        return true;
    }

    /// <summary>iat is optional; a token issued in the future beyond the skew is refused (RFC 7519 §4.1.6, go-jose).</summary>
    public static bool ValidateIssuedAt(JwtValidationContext context) => ValidateIssuedAt(context, required: false);

    /// <summary>
    /// iat is required (RFC 9068 §2.2 for access tokens, draft-ietf-oauth-transaction-tokens §4.2); a token issued in the
    /// future beyond the skew is refused.
    /// </summary>
    public static bool ValidateRequiredIssuedAt(JwtValidationContext context) => ValidateIssuedAt(context, required: true);

    private static bool ValidateIssuedAt(JwtValidationContext context, bool required)
    {
        if (!context.TryGetNumericDate(JwtClaimNames.IssuedAt, required, out var iat))
            return false;
        if (iat is { } issuedAt && CredentialValidationWindow.IsNotYetValid(issuedAt, context.Now, context.ClockSkew))
        {
            return context.Reject(CredentialErrors.NotYetValid,
                $"issued in the future at {issuedAt:O} (now {context.Now:O}); check the clocks of issuer and validator");
        }

        context.IssuedAt = iat;
        return true;
    }

    /// <summary>WIT-SVID §3.6: iat is read but "MUST NOT be used for limiting the earliest validity".</summary>
    public static bool ReadIssuedAt(JwtValidationContext context)
    {
        if (!context.TryGetNumericDate(JwtClaimNames.IssuedAt, required: false, out var iat))
            return false;

        context.IssuedAt = iat;
        return true;
    }

    public static bool ReadJwtId(JwtValidationContext context)
    {
        if (!context.TryGetString(JwtClaimNames.JwtId, required: false, out var jti))
            return false;

        context.Jti = jti ?? string.Empty;
        return true;
    }
}
