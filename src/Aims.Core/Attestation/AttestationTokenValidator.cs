using System.Text.Json;
using Aims.Core.Credentials;
using Aims.Core.Identity;
using Aims.Core.Jose;

namespace Aims.Core.Attestation;

/// <summary>
/// Verifies a JWT that attests a workload (a Kubernetes projected service-account token, an OIDC identity token)
/// against its configured <see cref="AttestationTokenIssuer"/> and that issuer's keys, as a pipeline of named checks:
/// alg on the allow-list before anything else (never <c>none</c> or HMAC, RFC 8725 §3.1), no explicit type of another
/// kind of token, exact <c>iss</c>, a <c>kid</c> among the issuer's keys, the signature, an <c>aud</c> meant for this
/// fabric, <c>exp</c>/<c>nbf</c>, an <c>iat</c> not older than the issuer allows, and a <c>jti</c> when single-use.
/// A refusal names the check as <c>&lt;type&gt;.&lt;check&gt;</c>.
/// </summary>
public static class AttestationTokenValidator
{
    private static readonly JwtBundle NoBundle = new(TrustDomain.Parse("attestation.invalid"), new Dictionary<string, System.Security.Cryptography.ECDsa>());

    private static readonly (string Check, Func<Context, bool> Run)[] Steps =
    [
        ("token", static c => JwtValidationSteps.ParseToken(c.Jwt)),
        ("alg", CheckAlgorithm),
        ("typ", CheckType),
        ("issuer", CheckIssuer),
        ("kid", ResolveKey),
        ("signature", VerifySignature),
        ("audience", CheckAudience),
        ("lifetime", static c => JwtValidationSteps.ValidateLifetime(c.Jwt)),
        ("stale", CheckAge),
        ("jti", ReadJwtId),
    ];

    /// <summary>The unverified <c>iss</c> of a token, to pick its issuer's configuration; null when it has none.</summary>
    public static string? ReadIssuer(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return CompactJws.TryParse(token, CompactJws.DefaultMaxLength, out var jws, out _)
               && jws.Payload.TryGetProperty(JwtClaimNames.Issuer, out var iss) && iss.ValueKind == JsonValueKind.String
            ? iss.GetString()
            : null;
    }

    /// <summary>The unverified <c>kid</c> of a token, to fetch its issuer's keys; null when absent or unreadable.</summary>
    public static string? ReadKeyId(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return CompactJws.TryParse(token, CompactJws.DefaultMaxLength, out var jws, out _) ? jws.KeyId : null;
    }

    /// <param name="type">The evidence type the refusal rules are named after, e.g. <c>k8s_psat</c>.</param>
    /// <param name="issuer">The issuer configured for the token's <c>iss</c>.</param>
    /// <param name="keys">That issuer's current keys; null when none could be obtained.</param>
    public static bool TryValidate(string type, string token, AttestationTokenIssuer issuer, VerificationKeySet? keys, DateTimeOffset now,
        out VerifiedAttestationToken? verified, out AttestationResult? refusal)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(issuer);
        verified = null;
        refusal = null;
        if (keys is null)
        {
            refusal = AttestationResult.Refused($"{type}.kid", $"the keys of issuer '{issuer.Issuer}' could not be obtained; try again later");
            return false;
        }

        var context = new Context(new JwtValidationContext(token, NoBundle, now, issuer.ClockSkew), issuer, keys);
        foreach (var (check, run) in Steps)
        {
            if (!run(context))
            {
                refusal = AttestationResult.Refused($"{type}.{check}", context.Jwt.Detail!);
                return false;
            }
        }

        var jwt = context.Jwt;
        var subject = jwt.Jws.Payload.TryGetProperty(JwtClaimNames.Subject, out var sub) && sub.ValueKind == JsonValueKind.String ? sub.GetString() : null;
        verified = new VerifiedAttestationToken(jwt.Jws.Payload, issuer.Issuer, jwt.Jws.KeyId!, subject, jwt.Jti.Length > 0 ? jwt.Jti : null, jwt.ExpiresAt);
        return true;
    }

    private static bool CheckAlgorithm(Context context)
    {
        var alg = context.Jwt.Jws.Algorithm;
        if (JwkSignatureVerifier.IsVerifiable(alg))
            return true;

        var supported = string.Join(", ", JwkSignatureVerifier.Algorithms);
        return context.Jwt.Reject(CredentialErrors.UnsupportedAlgorithm, alg switch
        {
            JwsAlgorithms.None => "alg 'none' is never accepted: attestation tokens must be signed (RFC 8725 §3.1)",
            _ when alg.StartsWith("HS", StringComparison.Ordinal) => $"alg '{alg}' is a symmetric (HMAC) algorithm and is never accepted (RFC 8725 §3.1)",
            _ => $"alg '{alg}' is not accepted; the issuer must sign with one of {supported}",
        });
    }

    /// <summary>RFC 8725 §3.11: an access token, a WIT or a SET is not an identity token, even from the same issuer.</summary>
    private static bool CheckType(Context context)
    {
        var typ = context.Jwt.Jws.Type;
        return typ is null
               || string.Equals(typ, JwtTypes.Jwt, StringComparison.OrdinalIgnoreCase)
               || string.Equals(typ, JwtTypes.Jose, StringComparison.OrdinalIgnoreCase)
               || context.Jwt.Reject(CredentialErrors.WrongType, $"header typ '{typ}' is not an identity token; present the workload's identity token (typ absent or JWT)");
    }

    private static bool CheckIssuer(Context context)
    {
        if (!context.Jwt.TryGetString(JwtClaimNames.Issuer, required: true, out var iss))
            return false;
        return string.Equals(iss, context.Issuer.Issuer, StringComparison.Ordinal)
               || context.Jwt.Reject(CredentialErrors.Malformed, $"'iss' is '{iss}', but the keys are those of issuer '{context.Issuer.Issuer}'");
    }

    private static bool ResolveKey(Context context)
    {
        var kid = context.Jwt.Jws.KeyId;
        if (string.IsNullOrEmpty(kid))
            return context.Jwt.Reject(CredentialErrors.UnknownKid, "the header has no 'kid'; the token must name the issuer key that signed it");
        if (!context.Keys.TryGetKey(kid, out var key))
            return context.Jwt.Reject(CredentialErrors.UnknownKid, $"kid '{kid}' is not among the keys of issuer '{context.Issuer.Issuer}'");

        context.Key = key;
        return true;
    }

    private static bool VerifySignature(Context context) =>
        JwkSignatureVerifier.Verify(context.Jwt.Jws, context.Key!, out var error)
        || context.Jwt.Reject(CredentialErrors.BadSignature, $"{error}: the token is forged or altered");

    private static bool CheckAudience(Context context)
    {
        if (!AudienceClaim.TryRead(context.Jwt.Jws.Payload, out var audience, out var error, out var detail))
            return context.Jwt.Reject(error, detail);
        if (audience.Any(a => context.Issuer.Audiences.Contains(a, StringComparer.Ordinal)))
            return true;

        return context.Jwt.Reject(CredentialErrors.WrongAudience,
            $"'aud' is [{string.Join(", ", audience)}], but a token for this fabric must carry {string.Join(" or ", context.Issuer.Audiences)}; " +
            "request the token with that audience");
    }

    /// <summary>A token is stale when it was issued longer ago than the issuer allows, whatever its expiry (iat required).</summary>
    private static bool CheckAge(Context context)
    {
        var jwt = context.Jwt;
        if (!jwt.TryGetNumericDate(JwtClaimNames.IssuedAt, required: true, out var iat))
            return false;
        if (CredentialValidationWindow.IsNotYetValid(iat!.Value, jwt.Now, jwt.ClockSkew))
            return jwt.Reject(CredentialErrors.NotYetValid, $"issued in the future at {iat:O} (now {jwt.Now:O}); check the clocks");

        var age = jwt.Now - iat.Value;
        return age <= context.Issuer.MaxTokenAge + jwt.ClockSkew
               || jwt.Reject(CredentialErrors.Expired,
                   $"the token was issued {age.TotalSeconds:0} s ago; tokens of issuer '{context.Issuer.Issuer}' are accepted for {context.Issuer.MaxTokenAge.TotalSeconds:0} s after iat; present a fresh one");
    }

    private static bool ReadJwtId(Context context)
    {
        if (!context.Jwt.TryGetString(JwtClaimNames.JwtId, required: context.Issuer.SingleUse, out var jti))
            return false;
        if (jti is { Length: > 256 })
            return context.Jwt.Reject(CredentialErrors.Malformed, "'jti' is longer than 256 characters");

        context.Jwt.Jti = jti ?? string.Empty;
        return true;
    }

    private sealed class Context(JwtValidationContext jwt, AttestationTokenIssuer issuer, VerificationKeySet keys)
    {
        public JwtValidationContext Jwt { get; } = jwt;

        public AttestationTokenIssuer Issuer { get; } = issuer;

        public VerificationKeySet Keys { get; } = keys;

        public JsonWebKey? Key { get; set; }
    }
}
