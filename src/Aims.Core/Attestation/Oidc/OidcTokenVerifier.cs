using System.Text.Json;
using Aims.Core.Jose;

namespace Aims.Core.Attestation.Oidc;

/// <summary>
/// Verifies a workload identity token of a configured issuer (GitHub Actions, GCP, Azure or any OIDC issuer) and
/// turns it into <c>oidc:iss:</c>, <c>oidc:sub:</c> and the issuer's configured claim selectors. A claim that is
/// absent yields no selector; strings, numbers, booleans and arrays of them yield one selector per value.
/// </summary>
public static class OidcTokenVerifier
{
    private const string Type = AttestationTypes.Oidc;
    private const int MaxValuesPerClaim = 16;

    public static AttestationResult Verify(string token, OidcIssuer issuer, VerificationKeySet? keys, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(issuer);
        if (!AttestationTokenValidator.TryValidate(Type, token, issuer.Token, keys, now, out var verified, out var refusal))
            return refusal!;
        if (string.IsNullOrEmpty(verified!.Subject))
            return AttestationResult.Refused($"{Type}.claims", "the token has no string 'sub' naming the workload");

        List<string> selectors = [OidcSelectors.Issuer(verified.Issuer), OidcSelectors.Subject(verified.Subject)];
        foreach (var claim in issuer.Claims)
        {
            if (!ClaimPath.TryFind(verified.Claims, claim.ClaimPath, out var value))
                continue;
            foreach (var text in Values(value).Take(MaxValuesPerClaim))
                selectors.Add(OidcSelectors.Claim(claim.Name, text));
        }

        return AttestationResult.Verified(new AttestedEvidence(
            Type, [.. selectors.Distinct(StringComparer.Ordinal)], $"issuer {verified.Issuer} (kid {verified.KeyId})",
            issuer.Token.SingleUse ? verified.Jti : null, issuer.Token.SingleUse ? verified.ExpiresAt + issuer.Token.ClockSkew : null));
    }

    private static IEnumerable<string> Values(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String when value.GetString() is { Length: > 0 } text => [text],
        JsonValueKind.Number => [value.GetRawText()],
        JsonValueKind.True => ["true"],
        JsonValueKind.False => ["false"],
        JsonValueKind.Array => value.EnumerateArray().Where(v => v.ValueKind is not JsonValueKind.Array and not JsonValueKind.Object).SelectMany(Values),
        _ => [],
    };
}
