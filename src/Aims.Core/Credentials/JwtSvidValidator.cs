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
        // JWT-SVID §3 adds nothing to RFC 7519's aud syntax; the one reader is shared with access tokens.
        if (!AudienceClaim.TryRead(context.Jws.Payload, out var audience, out var error, out var detail))
            return context.Reject(error, detail + " (JWT-SVID §3)");

        if (context.ExpectedAudience is { } expected && !Array.Exists(audience, expected.Contains))
        {
            return context.Reject(CredentialErrors.WrongAudience,
                $"the token is for [{string.Join(", ", audience)}], not for any of [{string.Join(", ", expected)}]");
        }

        context.Audience = audience;
        return true;
    }
}
