using System.Text.Json;
using Aims.Core.Credentials;
using Aims.Core.Jose;

namespace Aims.Core.Wimse;

/// <summary>
/// Validates a WIT by draft-ietf-wimse-workload-creds §3 itself, for peers outside the SPIFFE profile: <c>sub</c> is any
/// Workload Identifier (<c>wimse://…</c> as well as <c>spiffe://…</c>) of the trust domain whose keys are given, and
/// <c>cnf.jwk</c> may be Ed25519 (EdDSA) as in the draft's own example. The issuer's signature is checked with the
/// trust domain's keys by <c>kid</c>, never with anything named by the token. The fabric's own WITs are WIT-SVIDs:
/// validate those with the stricter <see cref="WitValidator"/>.
/// </summary>
public static class WimseWitValidator
{
    private static readonly JwtValidationStep[] Steps =
    [
        JwtValidationSteps.ParseToken,
        JwtValidationSteps.CheckAlgorithm,
        CheckType,
        ValidateSubject,
        JwtValidationSteps.ResolveKey,
        JwtValidationSteps.VerifySignature,
        ValidateConfirmation,
        JwtValidationSteps.ValidateLifetime,
        JwtValidationSteps.ReadJwtId,
    ];

    /// <param name="trustDomainKeys">The WIT authorities of the trust domain the WIT's <c>sub</c> must belong to.</param>
    public static CredentialValidationResult<WimseWit> Validate(string token, JwtBundle trustDomainKeys, DateTimeOffset now, TimeSpan? clockSkew = null)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(trustDomainKeys);
        var context = new JwtValidationContext(token, trustDomainKeys, now, clockSkew ?? CredentialValidationWindow.DefaultClockSkew);
        return context.Run(Steps, static c => new WimseWit(c.WorkloadIdentifier!, c.ExpiresAt, c.Jti.Length == 0 ? null : c.Jti,
            new WitBinding(c.WorkloadIdentifier!, c.Token, TokenHash.Of(c.Token), c.ProofKey!)));
    }

    /// <summary>workload-creds §3: explicitly typed <c>wit+jwt</c>.</summary>
    private static bool CheckType(JwtValidationContext context) =>
        context.Jws.Type == JwtTypes.Wit
        || context.Reject(CredentialErrors.WrongType, $"header typ must be 'wit+jwt' (draft-ietf-wimse-workload-creds §3), got '{context.Jws.Type}'");

    /// <summary>workload-creds §3: the trust anchors are those of the trust domain in <c>sub</c>.</summary>
    private static bool ValidateSubject(JwtValidationContext context)
    {
        if (!context.TryGetString(JwtClaimNames.Subject, required: true, out var sub))
            return false;
        if (!WorkloadIdentifier.TryGetTrustDomain(sub, out var trustDomain, out var error))
            return context.Reject(CredentialErrors.Malformed, $"the 'sub' claim is not a Workload Identifier: {error}");
        if (trustDomain != context.Bundle.TrustDomain)
        {
            return context.Reject(CredentialErrors.WrongTrustDomain,
                $"sub '{sub}' belongs to trust domain '{trustDomain}' but the keys given are those of '{context.Bundle.TrustDomain}'");
        }

        context.WorkloadIdentifier = sub;
        return true;
    }

    /// <summary>workload-creds §3: <c>cnf.jwk</c> is a public key with the <c>alg</c> its proofs use.</summary>
    private static bool ValidateConfirmation(JwtValidationContext context)
    {
        if (!context.Jws.Payload.TryGetProperty(JwtClaimNames.Confirmation, out var cnf) || cnf.ValueKind != JsonValueKind.Object
            || !cnf.TryGetProperty(JwtClaimNames.ConfirmationKey, out var jwk) || jwk.ValueKind != JsonValueKind.Object)
        {
            return context.Reject(CredentialErrors.MissingClaim, "a WIT must carry 'cnf' with 'jwk', the workload's public key (draft-ietf-wimse-workload-creds §3)");
        }

        if (JsonWebKey.Parse(jwk.GetRawText()) is not { } key)
            return context.Reject(CredentialErrors.Malformed, "'cnf.jwk' is not a JWK (RFC 7517 §4)");
        if (!ProofKey.TryCreate(key, out var proofKey, out var error))
            return context.Reject(CredentialErrors.Malformed, error);

        context.Confirmation = proofKey.Jwk;
        context.ProofKey = proofKey;
        return true;
    }
}
