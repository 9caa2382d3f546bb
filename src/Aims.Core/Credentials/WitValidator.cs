using Aims.Core.Jose;

namespace Aims.Core.Credentials;

/// <summary>
/// Validates WIT-SVIDs against the <c>wit-svid</c> bundle of their trust domain (workload-creds §3, WIT-SVID
/// §2–§4). A valid WIT proves nothing by itself: the presenter must also prove possession of
/// <see cref="Wit.Confirmation"/> (WIT-SVID §4), e.g. with a WPT.
/// </summary>
public static class WitValidator
{
    private static readonly JwtValidationStep[] Steps =
    [
        JwtValidationSteps.ParseToken,
        JwtValidationSteps.CheckAlgorithm,
        CheckType,
        JwtValidationSteps.ValidateSubject,
        JwtValidationSteps.ResolveKey,
        JwtValidationSteps.VerifySignature,
        RefuseAudience,
        ValidateConfirmation,
        JwtValidationSteps.ValidateLifetime,
        JwtValidationSteps.ReadIssuedAt,
        JwtValidationSteps.ReadJwtId,
    ];

    /// <param name="clockSkew">Leeway for <c>exp</c> and <c>nbf</c>; default 30 s.</param>
    public static CredentialValidationResult<Wit> Validate(string token, JwtBundle bundle, DateTimeOffset now, TimeSpan? clockSkew = null)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(bundle);
        var context = new JwtValidationContext(token, bundle, now, clockSkew ?? CredentialValidationWindow.DefaultClockSkew);
        return context.Run(Steps, static c => new Wit(c.Subject, c.Confirmation!, c.IssuedAt ?? DateTimeOffset.MinValue,
            c.ExpiresAt, c.Jws.KeyId!, c.Jti, c.Token));
    }

    /// <summary>WIT-SVID §2.2: typ MUST be wit+jwt, compared exactly as go-spiffe does.</summary>
    private static bool CheckType(JwtValidationContext context) =>
        context.Jws.Type == JwtTypes.Wit
        || context.Reject(CredentialErrors.WrongType, $"header typ must be 'wit+jwt' (WIT-SVID §2.2), got '{context.Jws.Type}'");

    /// <summary>WIT-SVID §3: aud MUST NOT be included; a token with aud is a JWT, not a WIT.</summary>
    private static bool RefuseAudience(JwtValidationContext context) =>
        !context.Jws.Payload.TryGetProperty(JwtClaimNames.Audience, out _)
        || context.Reject(CredentialErrors.ForbiddenClaim, "a WIT-SVID must not contain an 'aud' claim (WIT-SVID §3)");

    private static bool ValidateConfirmation(JwtValidationContext context)
    {
        if (!WitConfirmation.TryRead(context.Jws.Payload, out var confirmation, out var error, out var detail))
            return context.Reject(error, detail);

        context.Confirmation = confirmation;
        return true;
    }
}
