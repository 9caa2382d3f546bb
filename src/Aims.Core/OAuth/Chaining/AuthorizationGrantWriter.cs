using Aims.Core.Authority;
using Aims.Core.Credentials;
using Aims.Core.Jose;

namespace Aims.Core.OAuth.Chaining;

/// <summary>
/// Mints the JWT authorization grants of identity chaining (draft-ietf-oauth-identity-chaining §2.3.3, RFC 7523 §3):
/// header <c>{"alg","kid","typ":"JWT"}</c>; claims <c>iss</c>, <c>sub</c>, a single <c>aud</c> (the partner's issuer),
/// <c>iat</c>, <c>exp</c>, <c>jti</c>, <c>client_id</c>, and <c>scope</c> and <c>act</c> when the request has them. The
/// <c>typ</c> is plain <c>JWT</c> because that is what the partner's jwt-bearer grant accepts; the <c>at+jwt</c> of an
/// access token is refused there, so neither token passes for the other (RFC 8725 §3.11). Not thread-safe: it reuses
/// its buffers, so keep one per grain activation.
/// </summary>
public sealed class AuthorizationGrantWriter
{
    private readonly CompactJwsWriter _writer = new();
    private readonly JwtIdGenerator _jwtIds = new();

    /// <exception cref="ArgumentException">
    /// A required value is empty, the lifetime is not positive or longer than <see cref="ChainingPartner.MaxGrantLifetime"/>,
    /// the key has expired, or the actor chain is too long.
    /// </exception>
    public AuthorizationGrant Mint(SigningCredential key, AuthorizationGrantRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(request);
        CheckRequest(request);
        var (issuedAt, expiresAt) = JwtIssuance.Lifetime(key, now, request.Ttl);
        var jti = _jwtIds.Next();

        var json = _writer.BeginPayload();
        json.WriteString(JwtClaimNames.Issuer, request.Issuer);
        json.WriteString(JwtClaimNames.Subject, request.Subject);
        json.WriteString(JwtClaimNames.Audience, request.Audience);
        json.WriteNumber(JwtClaimNames.IssuedAt, issuedAt);
        json.WriteNumber(JwtClaimNames.ExpiresAt, expiresAt);
        json.WriteString(JwtClaimNames.JwtId, jti);
        json.WriteString(OAuthConstants.Claims.ClientId, request.ClientId);
        if (!request.Scope.IsEmpty)
            json.WriteString(OAuthConstants.Claims.Scope, request.Scope.ToString());
        ActorClaim.Write(json, request.Actors);
        var token = _writer.Complete(key.PrivateKey, key.Algorithm, key.Kid, JwtTypes.Jwt);

        return new AuthorizationGrant(token, jti, request.Issuer, request.Subject, request.Audience, request.ClientId, request.Scope,
            request.Actors.Count == 0 ? [] : [.. request.Actors], DateTimeOffset.FromUnixTimeSeconds(issuedAt),
            DateTimeOffset.FromUnixTimeSeconds(expiresAt), key.Kid);
    }

    /// <summary>
    /// Mint, then verify: the grant verifies with the published authorization-server keys and says what was minted.
    /// The partner runs the full RFC 7523 §3 checks; this catches a key, alg or claim mismatch before the grant leaves.
    /// </summary>
    /// <returns>Null when it verifies; otherwise what is wrong.</returns>
    public static string? Problem(AuthorizationGrant grant, JwtBundle publishedKeys, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(publishedKeys);
        var context = new JwtValidationContext(grant.Token, publishedKeys, now, CredentialValidationWindow.DefaultClockSkew);
        ReadOnlySpan<JwtValidationStep> steps =
        [
            JwtValidationSteps.ParseToken,
            JwtValidationSteps.CheckAlgorithm,
            JwtValidationSteps.ResolveKey,
            JwtValidationSteps.VerifySignature,
            JwtValidationSteps.ValidateLifetime,
            c => Claim(c, JwtClaimNames.Issuer, grant.Issuer),
            c => Claim(c, JwtClaimNames.Subject, grant.Subject),
            c => Claim(c, JwtClaimNames.Audience, grant.Audience),
            c => Claim(c, JwtClaimNames.JwtId, grant.Jti),
            c => string.Equals(c.Jws.Type, JwtTypes.Jwt, StringComparison.Ordinal) || c.Reject(CredentialErrors.WrongType, $"typ is '{c.Jws.Type}', not JWT"),
        ];
        var result = context.Run(steps, _ => grant);
        return result.IsValid ? null : $"{result.Error}: {result.Detail}";
    }

    private static bool Claim(JwtValidationContext context, string name, string expected) =>
        context.TryGetString(name, required: true, out var value) && string.Equals(value, expected, StringComparison.Ordinal)
        || context.Reject(CredentialErrors.Malformed, $"'{name}' is '{value}', expected '{expected}'");

    private static void CheckRequest(AuthorizationGrantRequest request)
    {
        ArgumentException.ThrowIfNullOrEmpty(request.Issuer, nameof(request));
        ArgumentException.ThrowIfNullOrEmpty(request.Subject, nameof(request));
        ArgumentException.ThrowIfNullOrEmpty(request.Audience, nameof(request));
        ArgumentException.ThrowIfNullOrEmpty(request.ClientId, nameof(request));
        ArgumentNullException.ThrowIfNull(request.Scope, nameof(request));
        ArgumentNullException.ThrowIfNull(request.Actors, nameof(request));
        if (request.Ttl > ChainingPartner.MaxGrantLifetime)
            throw new ArgumentException($"A JWT authorization grant lives at most {ChainingPartner.MaxGrantLifetime.TotalSeconds:0} s, not {request.Ttl}.", nameof(request));
        if (request.Actors.Count > OAuthConstants.Limits.MaxActorDepth)
            throw new ArgumentException($"The actor chain has {request.Actors.Count} actors; at most {OAuthConstants.Limits.MaxActorDepth}.", nameof(request));
        foreach (var actor in request.Actors)
            ArgumentException.ThrowIfNullOrEmpty(actor, nameof(request));
    }
}
