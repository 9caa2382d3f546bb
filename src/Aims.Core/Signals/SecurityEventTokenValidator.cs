using System.Text.Json;
using Aims.Core.Credentials;
using Aims.Core.Jose;

namespace Aims.Core.Signals;

/// <summary>
/// Validates a SET pushed to or polled by this fabric (RFC 8935 §2, RFC 8417, SSF 1.0 §4): explicitly typed
/// <c>secevent+jwt</c>, signed with ES256/ES384 by a key of the expected transmitter (never <c>none</c> or a
/// shared secret), from the expected issuer, for our audience, with <c>jti</c>, <c>iat</c>, a top-level
/// <c>sub_id</c> and exactly one event; <c>sub</c> and <c>exp</c> are refused as the SSF profile forbids them.
/// Replay of <c>jti</c> is the caller's check (it needs shared state).
/// </summary>
public static class SecurityEventTokenValidator
{
    public static SetValidationResult Validate(string token, SetValidationContext context, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrEmpty(token))
            return SetValidationResult.Fail(SetDeliveryErrors.InvalidRequest, "the request body must be a SET (a compact JWS)");
        if (!CompactJws.TryParse(token, context.MaxLength, out var jws, out var parseError))
            return SetValidationResult.Fail(SetDeliveryErrors.InvalidRequest, $"the body is not a SET: {parseError}");

        if (jws.Type != SecurityEventClaims.JwtType)
            return SetValidationResult.Fail(SetDeliveryErrors.InvalidRequest, $"the SET header must have typ \"{SecurityEventClaims.JwtType}\" (SSF 1.0 section 4.1.1), not \"{jws.Type}\"");
        var outside = context.ResolveJwk is not null;
        if (outside ? !JwkSignatureVerifier.IsVerifiable(jws.Algorithm) : jws.Algorithm is not (JwsAlgorithms.ES256 or JwsAlgorithms.ES384))
            return SetValidationResult.Fail(SetDeliveryErrors.InvalidKey,
                $"alg \"{jws.Algorithm}\" is not accepted for SETs; sign with {(outside ? string.Join(", ", JwkSignatureVerifier.Algorithms) : "ES256 or ES384")}");

        var payload = jws.Payload;
        if (payload.TryGetString(JwtClaimNames.Issuer) is not { } issuer || issuer != context.Issuer)
            return SetValidationResult.Fail(SetDeliveryErrors.InvalidIssuer, $"iss must be \"{context.Issuer}\", the transmitter this endpoint is configured for");

        if (outside)
        {
            var jwk = context.ResolveJwk!(jws.KeyId);
            if (jwk is null)
                return SetValidationResult.Fail(SetDeliveryErrors.InvalidKey, $"no key with kid \"{jws.KeyId}\" in the JWK Set of {issuer}");
            if (!JwkSignatureVerifier.Verify(jws, jwk, out var jwkError))
                return SetValidationResult.Fail(SetDeliveryErrors.AuthenticationFailed, $"the SET signature does not verify: {jwkError}");
        }
        else
        {
            var key = context.ResolveKey(jws.KeyId);
            if (key is null)
                return SetValidationResult.Fail(SetDeliveryErrors.InvalidKey, $"no key with kid \"{jws.KeyId}\" in the JWK Set of {issuer}");
            if (!jws.VerifySignature(key, out var signatureError))
                return SetValidationResult.Fail(SetDeliveryErrors.AuthenticationFailed, $"the SET signature does not verify: {signatureError}");
        }

        if (!AudienceClaim.TryRead(payload, out var audience, out _, out var audienceDetail))
            return SetValidationResult.Fail(SetDeliveryErrors.InvalidAudience, audienceDetail);
        if (!audience.Any(context.Audiences.Contains))
            return SetValidationResult.Fail(SetDeliveryErrors.InvalidAudience, $"aud must include one of {string.Join(", ", context.Audiences)}");

        return ReadClaims(payload, issuer, context, now);
    }

    private static SetValidationResult ReadClaims(JsonElement payload, string issuer, SetValidationContext context, DateTimeOffset now)
    {
        if (payload.TryGetProperty(JwtClaimNames.Subject, out _))
            return SetValidationResult.Fail(SetDeliveryErrors.InvalidRequest, "a SET must not carry sub; name the subject in sub_id (SSF 1.0 section 4.1.2)");
        if (payload.TryGetProperty(JwtClaimNames.ExpiresAt, out _))
            return SetValidationResult.Fail(SetDeliveryErrors.InvalidRequest, "a SET must not carry exp (SSF 1.0 section 4.1.3)");
        if (payload.TryGetString(JwtClaimNames.JwtId) is not { Length: > 0 and <= 256 } jti)
            return SetValidationResult.Fail(SetDeliveryErrors.InvalidRequest, "jti is required, a string of at most 256 characters (RFC 8417 section 2.2)");
        if (!payload.TryGetProperty(JwtClaimNames.IssuedAt, out var iatElement) || iatElement.ValueKind != JsonValueKind.Number || !iatElement.TryGetInt64(out var iat))
            return SetValidationResult.Fail(SetDeliveryErrors.InvalidRequest, "iat is required, a NumericDate (RFC 8417 section 2.2)");
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(iat, 0, 253402300799));
        if (issuedAt > now + context.ClockSkew)
            return SetValidationResult.Fail(SetDeliveryErrors.InvalidRequest, $"iat {issuedAt:O} is in the future");

        string? txn = null;
        if (payload.TryGetProperty(SecurityEventClaims.Txn, out var txnElement))
        {
            if (txnElement.ValueKind != JsonValueKind.String)
                return SetValidationResult.Fail(SetDeliveryErrors.InvalidRequest, "txn must be a string (SSF 1.0 section 4.1.5)");
            txn = txnElement.GetString();
        }

        if (!payload.TryGetProperty(SecurityEventClaims.SubjectId, out var subjectElement))
            return SetValidationResult.Fail(SetDeliveryErrors.InvalidRequest, "sub_id is required (SSF 1.0 section 4.1.2)");
        if (!SubjectIdentifier.TryParse(subjectElement, out var subject, out var subjectError))
            return SetValidationResult.Fail(SetDeliveryErrors.InvalidRequest, $"sub_id: {subjectError}");

        if (!payload.TryGetProperty(SecurityEventClaims.Events, out var events) || events.ValueKind != JsonValueKind.Object)
            return SetValidationResult.Fail(SetDeliveryErrors.InvalidRequest, "events is required, a JSON object (RFC 8417 section 2.2)");
        var members = events.EnumerateObject().ToList();
        if (members.Count != 1)
            return SetValidationResult.Fail(SetDeliveryErrors.InvalidRequest, $"events must hold exactly one event, not {members.Count} (SSF 1.0 section 4.1.6)");
        var type = members[0];
        if (type.Value.ValueKind != JsonValueKind.Object)
            return SetValidationResult.Fail(SetDeliveryErrors.InvalidRequest, $"the value of event \"{type.Name}\" must be a JSON object (RFC 8417 section 2.2)");

        return new SetValidationResult(new ReceivedSecurityEvent(issuer, jti, issuedAt, txn, subject, type.Name, type.Value.GetRawText()), null, null);
    }

    private static string? TryGetString(this JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
