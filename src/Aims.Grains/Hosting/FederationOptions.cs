using Aims.Core.Federation;
using Aims.Core.Identity;

namespace Aims.Grains.Hosting;

/// <summary>
/// The <c>Aims:Federation</c> section: the foreign trust domains whose bundles this fabric fetches (SPIFFE
/// Federation §5). Checked at startup: a silo with a relationship it cannot use refuses to start with a message
/// saying what to fix.
/// </summary>
/// <example>
/// <code>
/// "Federation": {
///   "MinRefreshSeconds": 30,
///   "Relationships": [
///     { "TrustDomain": "partner.example", "BundleEndpointUrl": "https://aims.partner.example/spiffe/bundle",
///       "Profile": "https_spiffe", "EndpointSpiffeId": "spiffe://partner.example/aims/silo",
///       "BootstrapBundle": "{\"keys\":[…],\"spiffe_sequence\":3}" },
///     { "TrustDomain": "web.example", "BundleEndpointUrl": "https://web.example/bundle", "Profile": "https_web" } ]
/// }
/// </code>
/// </example>
public sealed class FederationOptions
{
    /// <summary>The shortest wait between two fetches of one bundle, whatever its <c>spiffe_refresh_hint</c> asks.</summary>
    public int MinRefreshSeconds { get; set; } = 30;

    public List<FederationRelationshipOptions> Relationships { get; set; } = [];

    /// <summary>The floor under every refresh interval.</summary>
    /// <exception cref="InvalidOperationException">MinRefreshSeconds is not positive.</exception>
    public TimeSpan MinRefresh => MinRefreshSeconds > 0
        ? TimeSpan.FromSeconds(MinRefreshSeconds)
        : throw new InvalidOperationException($"Aims:Federation:MinRefreshSeconds must be a positive number of seconds (got {MinRefreshSeconds}).");

    /// <summary>The checked relationships.</summary>
    /// <exception cref="InvalidOperationException">An entry is unusable or two name the same trust domain; the message says what to fix.</exception>
    public FederationRelationships ToRelationships(TrustDomain local)
    {
        ArgumentNullException.ThrowIfNull(local);
        _ = MinRefresh;
        var checkedRelationships = new List<FederationRelationship>();
        for (var i = 0; i < Relationships.Count; i++)
        {
            var entry = Relationships[i];
            if (!FederationRelationship.TryCreate(local, entry.TrustDomain, entry.BundleEndpointUrl, entry.Profile, entry.EndpointSpiffeId, entry.BootstrapBundle,
                    out var relationship, out var error))
                throw new InvalidOperationException($"Aims:Federation:Relationships:{i}: {error}.");
            checkedRelationships.Add(relationship);
        }

        try
        {
            return new FederationRelationships(checkedRelationships);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"Aims:Federation:Relationships: {e.Message}", e);
        }
    }
}

/// <summary>One <c>Aims:Federation:Relationships:N</c> entry (see <see cref="FederationRelationship.TryCreate"/>).</summary>
public sealed class FederationRelationshipOptions
{
    /// <summary>The foreign trust domain's name; never the local one.</summary>
    public string? TrustDomain { get; set; }

    /// <summary>Its bundle endpoint: <c>https</c>; plain <c>http</c> only with https_web to a loopback host (tests, sidecars).</summary>
    public string? BundleEndpointUrl { get; set; }

    /// <summary><c>https_web</c> or <c>https_spiffe</c>; required, never inferred.</summary>
    public string? Profile { get; set; }

    /// <summary>https_spiffe only, required there: the SPIFFE ID the endpoint's X509-SVID carries.</summary>
    public string? EndpointSpiffeId { get; set; }

    /// <summary>https_spiffe only, required there: the bundle JSON of the endpoint's trust domain, inline.</summary>
    public string? BootstrapBundle { get; set; }
}

/// <summary>The checked <c>Aims:Federation</c> settings the federation grains use.</summary>
public sealed record FederationSettings(FederationRelationships Relationships, TimeSpan MinRefresh)
{
    public static FederationSettings Empty { get; } = new(FederationRelationships.Empty, TimeSpan.FromSeconds(30));
}
