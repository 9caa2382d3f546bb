using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Aims.Core.Jose;

namespace Aims.Core.Credentials;

/// <summary>
/// The WIT confirmation key, <c>cnf.jwk</c> (RFC 7800 §3.2, workload-creds §3): a public asymmetric key with an
/// <c>alg</c> from the SVID list (WIT-SVID §3.2). Only ECDSA keys are supported here.
/// </summary>
internal static class WitConfirmation
{
    /// <summary>Checks the agent's key and copies only its public members kty, crv, x, y plus alg.</summary>
    /// <exception cref="ArgumentException">The key is not a public EC key with a usable alg.</exception>
    public static JsonWebKey FromAgentKey(JsonWebKey agentKey)
    {
        ArgumentNullException.ThrowIfNull(agentKey);
        if (JwkPrivateMembers.FirstIn(agentKey) is { } member)
            throw new ArgumentException($"The agent key contains the private member '{member}'; pass its public key only.", nameof(agentKey));

        if (agentKey.Kty != "EC")
            throw new ArgumentException($"The agent key must be an EC key (kty 'EC'), not '{agentKey.Kty}'.", nameof(agentKey));
        if (!JwsAlgorithms.TryGetForCurve(agentKey.Crv, out var curveAlg))
            throw new ArgumentException($"The agent key curve '{agentKey.Crv}' is not P-256, P-384 or P-521.", nameof(agentKey));
        if (agentKey.Alg is { } alg && JwsAlgorithms.DescribeRefusal(alg, "agent key alg") is { } refusal)
            throw new ArgumentException(refusal, nameof(agentKey));
        if (agentKey.Alg is not null && agentKey.Alg != curveAlg)
            throw new ArgumentException($"The agent key alg '{agentKey.Alg}' does not match its curve {agentKey.Crv} ({curveAlg}).", nameof(agentKey));

        if (!EcPublicKey.IsValid(agentKey.Crv, agentKey.X, agentKey.Y))
            throw new ArgumentException("The agent key is not a valid EC public key (x, y must be base64url points on its curve).", nameof(agentKey));

        return new JsonWebKey { Kty = "EC", Crv = agentKey.Crv, X = agentKey.X, Y = agentKey.Y, Alg = curveAlg };
    }

    public static void Write(Utf8JsonWriter json, JsonWebKey confirmation)
    {
        json.WriteStartObject(JwtClaimNames.Confirmation);
        json.WriteStartObject(JwtClaimNames.ConfirmationKey);
        json.WriteString("kty", confirmation.Kty);
        json.WriteString("crv", confirmation.Crv);
        json.WriteString("x", confirmation.X);
        json.WriteString("y", confirmation.Y);
        json.WriteString("alg", confirmation.Alg);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>Reads and checks <c>cnf.jwk</c> of a WIT; on failure gives a <see cref="CredentialErrors"/> code.</summary>
    public static bool TryRead(JsonElement payload, [NotNullWhen(true)] out JsonWebKey? confirmation,
        [NotNullWhen(false)] out string? error, [NotNullWhen(false)] out string? detail)
    {
        confirmation = null;
        if (!payload.TryGetProperty(JwtClaimNames.Confirmation, out var cnf))
            return Fail(CredentialErrors.MissingClaim, "the 'cnf' claim is required: a WIT binds the agent's public key (WIT-SVID §3.2)", out error, out detail);
        if (cnf.ValueKind != JsonValueKind.Object)
            return Fail(CredentialErrors.Malformed, "the 'cnf' claim must be a JSON object (RFC 7800 §3.1)", out error, out detail);
        if (!cnf.TryGetProperty(JwtClaimNames.ConfirmationKey, out var jwk))
            return Fail(CredentialErrors.MissingClaim, "the 'cnf' claim must carry 'jwk' (workload-creds §3)", out error, out detail);
        if (jwk.ValueKind != JsonValueKind.Object)
            return Fail(CredentialErrors.Malformed, "'cnf.jwk' must be a JSON object (RFC 7800 §3.2)", out error, out detail);

        if (JwkPrivateMembers.FirstIn(jwk) is { } privateMember)
            return Fail(CredentialErrors.Malformed, $"'cnf.jwk' must be a public key but has the private member '{privateMember}'", out error, out detail);

        if (!TryGetString(jwk, "alg", out var alg))
            return Fail(CredentialErrors.MissingClaim, "'cnf.jwk' must carry a string 'alg' (workload-creds §3, WIT-SVID §3.2)", out error, out detail);
        if (JwsAlgorithms.DescribeRefusal(alg, "cnf.jwk alg") is { } refusal)
            return Fail(CredentialErrors.UnsupportedAlgorithm, refusal, out error, out detail);

        TryGetString(jwk, "kty", out var kty);
        TryGetString(jwk, "crv", out var crv);
        TryGetString(jwk, "x", out var x);
        TryGetString(jwk, "y", out var y);
        if (kty != "EC" || !JwsAlgorithms.TryGetForCurve(crv, out var curveAlg))
            return Fail(CredentialErrors.Malformed, $"'cnf.jwk' must be an EC key on P-256, P-384 or P-521 (kty '{kty}', crv '{crv}')", out error, out detail);
        if (alg != curveAlg)
            return Fail(CredentialErrors.Malformed, $"'cnf.jwk' alg '{alg}' does not match its curve {crv} ({curveAlg})", out error, out detail);

        if (!EcPublicKey.IsValid(crv, x, y))
            return Fail(CredentialErrors.Malformed, "'cnf.jwk' is not a valid EC public key (x, y must be base64url points on its curve)", out error, out detail);

        confirmation = new JsonWebKey { Kty = kty, Crv = crv, X = x, Y = y, Alg = alg };
        error = detail = null;
        return true;
    }

    private static bool TryGetString(JsonElement obj, string name, [NotNullWhen(true)] out string? value)
    {
        value = obj.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        return value is not null;
    }

    private static bool Fail(string code, string text, out string? error, out string? detail)
    {
        error = code;
        detail = text;
        return false;
    }
}
