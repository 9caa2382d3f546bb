using System.Text.Json;
using Aims.Core.Identity;
using Aims.Core.Jose;

namespace Aims.Core.Credentials;

/// <summary>Validates JWT-SVIDs against the <c>jwt-svid</c> bundle of their trust domain (JWT-SVID §4, App. A).</summary>
public static class JwtSvidValidator
{
    private static readonly JwtValidationStep[] Steps =
    [
        JwtValidationSteps.ParseToken,
        JwtValidationSteps.CheckAlgorithm,
        CheckType,
        JwtValidationSteps.ValidateSubject,
        JwtValidationSteps.ResolveKey,
        JwtValidationSteps.VerifySignature,
        ValidateAudience,
        JwtValidationSteps.ValidateLifetime,
        JwtValidationSteps.ValidateIssuedAt,
        JwtValidationSteps.ReadJwtId,
    ];

    /// <param name="expectedAudience">
    /// Values this relying party identifies with; the token must name at least one. Null skips the match but
    /// still requires a non-empty <c>aud</c>. An empty collection is a configuration error.
    /// </param>
    /// <param name="clockSkew">Leeway for <c>exp</c>, <c>nbf</c> and <c>iat</c>; default 30 s.</param>
    public static CredentialValidationResult<JwtSvid> Validate(string token, JwtBundle bundle,
        IReadOnlyCollection<string>? expectedAudience, DateTimeOffset now, TimeSpan? clockSkew = null)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(bundle);
        if (expectedAudience is { Count: 0 })
            throw new ArgumentException("Configure at least one expected audience, or pass null (JWT-SVID App. A).", nameof(expectedAudience));

        var context = new JwtValidationContext(token, bundle, now, clockSkew ?? CredentialValidationWindow.DefaultClockSkew)
        {
            ExpectedAudience = expectedAudience,
        };
        return context.Run(Steps, static c => new JwtSvid(c.Subject, c.Audience, c.IssuedAt ?? DateTimeOffset.MinValue,
            c.ExpiresAt, c.Jws.KeyId!, c.Jti, c.Token));
    }

    /// <summary>JWT-SVID §2.3: typ is optional and, when present, JWT or JOSE.</summary>
    private static bool CheckType(JwtValidationContext context) =>
        context.Jws.Type is null or JwtTypes.Jwt or JwtTypes.Jose
        || context.Reject(CredentialErrors.WrongType, $"header typ '{context.Jws.Type}' must be absent, 'JWT' or 'JOSE' (JWT-SVID §2.3)");

    /// <summary>JWT-SVID §3: aud holds one or more values and must include one this validator identifies with.</summary>
    private static bool ValidateAudience(JwtValidationContext context)
    {
        if (!context.Jws.Payload.TryGetProperty(JwtClaimNames.Audience, out var aud))
            return context.Reject(CredentialErrors.MissingClaim, "the 'aud' claim is required (JWT-SVID §3)");

        string[] audience;
        switch (aud.ValueKind)
        {
            case JsonValueKind.String:
                audience = [aud.GetString()!];
                break;
            case JsonValueKind.Array:
                audience = new string[aud.GetArrayLength()];
                var i = 0;
                foreach (var item in aud.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String)
                        return context.Reject(CredentialErrors.Malformed, "every 'aud' value must be a JSON string (RFC 7519 §4.1.3)");
                    audience[i++] = item.GetString()!;
                }

                break;
            default:
                return context.Reject(CredentialErrors.Malformed, "the 'aud' claim must be a string or an array of strings (RFC 7519 §4.1.3)");
        }

        if (audience.Length == 0)
            return context.Reject(CredentialErrors.MissingClaim, "the 'aud' claim must hold at least one value (JWT-SVID §3)");
        if (Array.Exists(audience, string.IsNullOrEmpty))
            return context.Reject(CredentialErrors.Malformed, "'aud' values must not be empty strings");

        if (context.ExpectedAudience is { } expected && !Array.Exists(audience, expected.Contains))
        {
            return context.Reject(CredentialErrors.WrongAudience,
                $"the token is for [{string.Join(", ", audience)}], not for any of [{string.Join(", ", expected)}]");
        }

        context.Audience = audience;
        return true;
    }
}
