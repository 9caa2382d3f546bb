using Aims.Core.Authority;
using Aims.Core.Credentials;
using Aims.Core.Jose;

namespace Aims.Core.OAuth;

/// <summary>
/// Mints RFC 9068 JWT access tokens: header <c>{"alg","kid","typ":"at+jwt"}</c>; claims <c>iss</c>, <c>sub</c>,
/// <c>aud</c>, <c>client_id</c>, <c>iat</c>, <c>exp</c>, <c>jti</c>, and <c>scope</c>, <c>act</c>, <c>may_act</c>, <c>cnf</c> when
/// the request has them. Not thread-safe: it reuses its buffers, so keep one per grain activation.
/// </summary>
public sealed class AccessTokenIssuer
{
    private readonly CompactJwsWriter _writer = new();
    private readonly JwtIdGenerator _jwtIds = new();

    /// <exception cref="ArgumentException">
    /// A required value is empty, <see cref="AccessTokenRequest.Ttl"/> is not positive, the key has expired, the
    /// actor chain is longer than <see cref="OAuthConstants.Limits.MaxActorDepth"/>, or the thumbprint is not a
    /// base64url SHA-256 digest.
    /// </exception>
    public AccessToken Mint(SigningCredential key, AccessTokenRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(request);
        var audience = CheckRequest(request);
        var (issuedAt, expiresAt) = JwtIssuance.Lifetime(key, now, request.Ttl);
        var jti = _jwtIds.Next();

        var json = _writer.BeginPayload();
        json.WriteString(JwtClaimNames.Issuer, request.Issuer);
        json.WriteString(JwtClaimNames.Subject, request.Subject);
        AudienceClaim.Write(json, audience);
        json.WriteString(OAuthConstants.Claims.ClientId, request.ClientId);
        json.WriteNumber(JwtClaimNames.IssuedAt, issuedAt);
        json.WriteNumber(JwtClaimNames.ExpiresAt, expiresAt);
        json.WriteString(JwtClaimNames.JwtId, jti);

        // RFC 9068 §2.2.3: scope when one was granted; RFC 8693 §4.2: a space-delimited string.
        if (!request.Scope.IsEmpty)
            json.WriteString(OAuthConstants.Claims.Scope, request.Scope.ToString());
        ActorClaim.Write(json, request.Actors);
        if (request.MayAct is { } mayAct)
            MayActClaim.Write(json, mayAct);
        if (request.CnfX5tS256 is { } thumbprint)
            ConfirmationClaim.Write(json, thumbprint);
        var token = _writer.Complete(key.PrivateKey, key.Algorithm, key.Kid, OAuthConstants.JwtTypes.AccessToken);

        return new AccessToken(token, jti, request.Issuer, request.Subject, request.ClientId, audience, request.Scope,
            DateTimeOffset.FromUnixTimeSeconds(issuedAt), DateTimeOffset.FromUnixTimeSeconds(expiresAt),
            request.Actors.Count == 0 ? [] : [.. request.Actors], request.CnfX5tS256, key.Kid)
        {
            MayAct = request.MayAct,
        };
    }

    /// <summary>RFC 9068 §2.2: every required claim has a value; returns a copy of the audience the caller cannot change.</summary>
    private static string[] CheckRequest(AccessTokenRequest request)
    {
        ArgumentException.ThrowIfNullOrEmpty(request.Issuer, nameof(request));
        ArgumentException.ThrowIfNullOrEmpty(request.Subject, nameof(request));
        ArgumentException.ThrowIfNullOrEmpty(request.ClientId, nameof(request));
        ArgumentNullException.ThrowIfNull(request.Scope, nameof(request));
        ArgumentNullException.ThrowIfNull(request.Audience, nameof(request));
        ArgumentNullException.ThrowIfNull(request.Actors, nameof(request));

        if (request.Audience.Count == 0)
            throw new ArgumentException("An access token needs at least one audience (RFC 9068 §2.2, §3).", nameof(request));
        var audience = new string[request.Audience.Count];
        for (var i = 0; i < audience.Length; i++)
        {
            audience[i] = request.Audience[i];
            if (string.IsNullOrEmpty(audience[i]))
                throw new ArgumentException("Audience values must be non-empty strings.", nameof(request));
        }

        if (request.Actors.Count > OAuthConstants.Limits.MaxActorDepth)
            throw new ArgumentException($"The actor chain has {request.Actors.Count} actors; at most {OAuthConstants.Limits.MaxActorDepth}.", nameof(request));
        foreach (var actor in request.Actors)
        {
            if (string.IsNullOrEmpty(actor))
                throw new ArgumentException("Actor subjects must be non-empty strings (RFC 8693 §4.1).", nameof(request));
        }

        if (request.MayAct is { Length: 0 })
            throw new ArgumentException("MayAct must name a party, or be null (RFC 8693 §4.4).", nameof(request));

        if (request.CnfX5tS256 is not null && !CertificateThumbprint.IsWellFormed(request.CnfX5tS256))
            throw new ArgumentException("CnfX5tS256 must be a base64url SHA-256 thumbprint (RFC 8705 §3.1).", nameof(request));

        return audience;
    }
}
