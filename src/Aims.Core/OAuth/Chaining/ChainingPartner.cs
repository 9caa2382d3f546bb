using System.Diagnostics.CodeAnalysis;

namespace Aims.Core.OAuth.Chaining;

/// <summary>
/// The authorization server of another trust domain this server issues JWT authorization grants for
/// (draft-ietf-oauth-identity-chaining §2.3): its issuer identifier is the grant's single <c>aud</c>; a client names it
/// with <c>audience</c> (the issuer identifier) or <c>resource</c> (the issuer identifier or its token endpoint).
/// </summary>
/// <param name="Issuer">The partner's issuer identifier (RFC 8414 §2), written as the grant's <c>aud</c>.</param>
/// <param name="TokenEndpoint">The partner's token endpoint, also accepted as <c>resource</c>; null when not configured.</param>
/// <param name="GrantLifetime">How long a grant for this partner lives: short, since it is presented at once.</param>
public sealed record ChainingPartner(string Issuer, string? TokenEndpoint, TimeSpan GrantLifetime)
{
    /// <summary>The draft's example lifetime: a minute covers the hop from one authorization server to the next.</summary>
    public static readonly TimeSpan DefaultGrantLifetime = TimeSpan.FromSeconds(60);

    /// <summary>A grant lives at most five minutes: it is a bearer credential (draft §5.3 "short-lived authorization grants").</summary>
    public static readonly TimeSpan MaxGrantLifetime = TimeSpan.FromSeconds(300);

    public const int MaxUriLength = 2048;

    /// <summary>Whether <paramref name="target"/> (an <c>audience</c> or <c>resource</c> value) names this partner.</summary>
    public bool IsNamedBy(string target) =>
        string.Equals(target, Issuer, StringComparison.Ordinal)
        || (TokenEndpoint is not null && string.Equals(target, TokenEndpoint, StringComparison.Ordinal));

    /// <summary>
    /// Checks one configured partner: <paramref name="issuer"/> and <paramref name="tokenEndpoint"/> are absolute https
    /// URLs (http only to a loopback host) without query, fragment or user info; the lifetime is 1 to 300 seconds
    /// (null for the default of 60).
    /// </summary>
    public static bool TryCreate(
        string? issuer, string? tokenEndpoint, int? grantLifetimeSeconds,
        [NotNullWhen(true)] out ChainingPartner? partner, [NotNullWhen(false)] out string? error)
    {
        partner = null;
        if (UriProblem("Issuer", issuer) is { } issuerProblem)
        {
            error = issuerProblem;
            return false;
        }

        if (!string.IsNullOrWhiteSpace(tokenEndpoint) && UriProblem($"partner '{issuer}': TokenEndpoint", tokenEndpoint) is { } endpointProblem)
        {
            error = endpointProblem;
            return false;
        }

        var lifetime = grantLifetimeSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : DefaultGrantLifetime;
        if (lifetime <= TimeSpan.Zero || lifetime > MaxGrantLifetime)
        {
            error = $"partner '{issuer}': GrantLifetimeSeconds must be 1 to {MaxGrantLifetime.TotalSeconds:0}, not {grantLifetimeSeconds}";
            return false;
        }

        partner = new ChainingPartner(issuer!, string.IsNullOrWhiteSpace(tokenEndpoint) ? null : tokenEndpoint, lifetime);
        error = null;
        return true;
    }

    public override string ToString() => $"chaining partner {Issuer}";

    private static string? UriProblem(string what, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxUriLength)
            return $"{what} is required: the partner authorization server's URL, at most {MaxUriLength} characters";
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.Query)
            || !string.IsNullOrEmpty(uri.UserInfo))
            return $"{what} '{value}' must be an absolute URL without query, fragment or user info (RFC 8414 §2)";
        return uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)
            ? null
            : $"{what} '{value}' must use https (http only to a loopback host)";
    }
}
