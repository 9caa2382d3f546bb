using Aims.Core.Credentials;

namespace Aims.Core.OAuth;

/// <summary>
/// What a token endpoint knows before it looks at a <c>client_assertion</c>: the kind of JWT, where its key comes
/// from, the audiences that name this authorization server, and the <c>client_id</c> parameter if one was sent.
/// Adjust <see cref="ClockSkew"/> and <see cref="MaxLifetime"/> with <c>with</c>.
/// </summary>
public sealed record ClientAssertionContext
{
    /// <summary>An assertion is for one request; ten minutes covers clock drift and retries, not reuse.</summary>
    public static readonly TimeSpan DefaultMaxLifetime = TimeSpan.FromMinutes(10);

    private ClientAssertionContext(ClientAssertionKind kind, IReadOnlyList<string> audiences, string? clientId,
        JwtBundle? trustBundle, ClientKeyResolver? keyResolver)
    {
        ArgumentNullException.ThrowIfNull(audiences);
        if (audiences.Count == 0)
            throw new ArgumentException("Name at least the token endpoint URL as an acceptable audience (RFC 7523 §3).", nameof(audiences));
        foreach (var audience in audiences)
            ArgumentException.ThrowIfNullOrEmpty(audience, nameof(audiences));

        Kind = kind;
        Audiences = [.. audiences];

        // RFC 6749 §3.2: a parameter sent without a value is treated as omitted.
        ClientId = string.IsNullOrEmpty(clientId) ? null : clientId;
        TrustBundle = trustBundle;
        KeyResolver = keyResolver;
    }

    public ClientAssertionKind Kind { get; }

    /// <summary>
    /// The request's <c>client_id</c>, which the assertion's <c>sub</c> must equal (RFC 7521 §4.2); null when the
    /// request omitted it, and then the assertion's <c>sub</c> names the client.
    /// </summary>
    public string? ClientId { get; }

    /// <summary>Values of which <c>aud</c> must contain one: the token endpoint URL and the issuer identifier (RFC 7523 §3).</summary>
    public IReadOnlyList<string> Audiences { get; }

    /// <summary>The <c>jwt-svid</c> keys of this trust domain, for <see cref="ClientAssertionKind.JwtSvid"/>.</summary>
    public JwtBundle? TrustBundle { get; }

    /// <summary>The registered client keys, for <see cref="ClientAssertionKind.PrivateKeyJwt"/>.</summary>
    public ClientKeyResolver? KeyResolver { get; }

    /// <summary>Leeway for <c>exp</c>, <c>nbf</c> and <c>iat</c>; default 30 s.</summary>
    public TimeSpan ClockSkew { get; init; } = CredentialValidationWindow.DefaultClockSkew;

    /// <summary>How far in the future <c>exp</c> may be, and how long from <c>iat</c> to <c>exp</c> (RFC 7523 §3 items 4 and 6).</summary>
    public TimeSpan MaxLifetime { get; init; } = DefaultMaxLifetime;

    /// <param name="trustBundle">The <c>jwt-svid</c> bundle of this authorization server's trust domain.</param>
    /// <param name="audiences">The token endpoint URL and the issuer identifier.</param>
    /// <param name="clientId">The request's <c>client_id</c> parameter, or null when it was omitted.</param>
    public static ClientAssertionContext ForJwtSvid(JwtBundle trustBundle, IReadOnlyList<string> audiences, string? clientId = null)
    {
        ArgumentNullException.ThrowIfNull(trustBundle);
        return new(ClientAssertionKind.JwtSvid, audiences, clientId, trustBundle, null);
    }

    /// <param name="keyResolver">Finds a key the client registered.</param>
    /// <param name="audiences">The token endpoint URL and the issuer identifier.</param>
    /// <param name="clientId">The request's <c>client_id</c> parameter, or null when it was omitted.</param>
    public static ClientAssertionContext ForPrivateKeyJwt(ClientKeyResolver keyResolver, IReadOnlyList<string> audiences, string? clientId = null)
    {
        ArgumentNullException.ThrowIfNull(keyResolver);
        return new(ClientAssertionKind.PrivateKeyJwt, audiences, clientId, null, keyResolver);
    }
}
