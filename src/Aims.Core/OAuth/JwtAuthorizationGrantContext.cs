using Aims.Core.Credentials;
using Aims.Core.Jose;

namespace Aims.Core.OAuth;

/// <summary>
/// What the token endpoint knows before it checks a JWT authorization grant (RFC 7523 §2.1): the trusted issuer
/// the assertion names, that issuer's current keys, and the audiences that identify this authorization server.
/// Adjust <see cref="ClockSkew"/> and <see cref="MaxLifetime"/> with <c>with</c>.
/// </summary>
public sealed record JwtAuthorizationGrantContext
{
    /// <summary>A grant is presented once, right after it is made; ten minutes covers clock drift and retries, not reuse.</summary>
    public static readonly TimeSpan DefaultMaxLifetime = TimeSpan.FromMinutes(10);

    /// <param name="issuer">The trusted issuer whose <c>iss</c> the assertion must carry.</param>
    /// <param name="keys">That issuer's keys: inline, or as last fetched from its <c>jwks_uri</c>.</param>
    /// <param name="audiences">The issuer identifier and the token endpoint URL of this server (RFC 7523 §3 item 3).</param>
    public JwtAuthorizationGrantContext(TrustedIssuer issuer, VerificationKeySet keys, IReadOnlyList<string> audiences)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(audiences);
        if (audiences.Count == 0)
            throw new ArgumentException("Name at least the token endpoint URL as an acceptable audience (RFC 7523 §3).", nameof(audiences));
        foreach (var audience in audiences)
            ArgumentException.ThrowIfNullOrEmpty(audience, nameof(audiences));

        Issuer = issuer;
        Keys = keys;
        Audiences = [.. audiences];
    }

    public TrustedIssuer Issuer { get; }

    public VerificationKeySet Keys { get; }

    public IReadOnlyList<string> Audiences { get; }

    /// <summary>Leeway for <c>exp</c>, <c>nbf</c> and <c>iat</c>; default 30 s.</summary>
    public TimeSpan ClockSkew { get; init; } = CredentialValidationWindow.DefaultClockSkew;

    /// <summary>How far in the future <c>exp</c> may be, and how long from <c>iat</c> to <c>exp</c> (RFC 7523 §3 items 4 and 6).</summary>
    public TimeSpan MaxLifetime { get; init; } = DefaultMaxLifetime;
}
