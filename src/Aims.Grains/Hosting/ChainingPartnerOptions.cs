using Aims.Core.OAuth.Chaining;

namespace Aims.Grains.Hosting;

/// <summary>
/// A partner authorization server this server issues JWT authorization grants for (identity chaining,
/// <c>Aims:OAuth:ChainingPartners:N</c>). Which agents may obtain them is the policy's <c>oauth.chaining</c>. Checked
/// at startup: a silo with a partner entry it cannot use refuses to start.
/// </summary>
/// <example>
/// <code>
/// "ChainingPartners": [ {
///   "Issuer": "https://as.b.example",
///   "TokenEndpoint": "https://as.b.example/oauth2/token",
///   "GrantLifetimeSeconds": 60
/// } ]
/// </code>
/// </example>
public sealed class ChainingPartnerOptions
{
    /// <summary>The partner's issuer identifier (RFC 8414 §2): the grant's single <c>aud</c>, and what <c>audience</c> names.</summary>
    public string Issuer { get; set; } = string.Empty;

    /// <summary>The partner's token endpoint, also accepted as <c>resource</c>; optional.</summary>
    public string? TokenEndpoint { get; set; }

    /// <summary>How long a grant lives: 1 to 300 seconds, 60 when not set.</summary>
    public int? GrantLifetimeSeconds { get; set; }

    /// <exception cref="InvalidOperationException">The entry is incomplete or inconsistent; the message says what to fix.</exception>
    public ChainingPartner ToChainingPartner() =>
        ChainingPartner.TryCreate(Issuer, TokenEndpoint, GrantLifetimeSeconds, out var partner, out var error)
            ? partner
            : throw new InvalidOperationException($"Aims:OAuth:ChainingPartners: {error}.");

    /// <summary>All configured partners.</summary>
    /// <exception cref="InvalidOperationException">An entry is invalid, or two name the same server.</exception>
    public static ChainingPartnerDirectory Directory(IEnumerable<ChainingPartnerOptions> partners)
    {
        ArgumentNullException.ThrowIfNull(partners);
        var checkedPartners = partners.Select(partner => partner.ToChainingPartner()).ToList();
        try
        {
            return new ChainingPartnerDirectory(checkedPartners);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"Aims:OAuth:ChainingPartners: {e.Message}", e);
        }
    }
}
