using System.Diagnostics.CodeAnalysis;
using Aims.Core.Authority;
using Aims.Core.Identity;

namespace Aims.Core.Federation;

/// <summary>
/// One configured federation relationship (SPIFFE Federation §5): this fabric fetches the bundle of
/// <see cref="TrustDomain"/> from <see cref="BundleEndpointUrl"/>, authenticating the server by
/// <see cref="Profile"/>. The three are configured explicitly; none is inferred from another (§5.1). Relationships
/// are one-way: the other side configures its own to fetch ours.
/// </summary>
public sealed class FederationRelationship
{
    private FederationRelationship(
        TrustDomain trustDomain, Uri bundleEndpointUrl, BundleEndpointProfile profile, SpiffeId? endpointSpiffeId, SpiffeBundle? bootstrapBundle)
    {
        TrustDomain = trustDomain;
        BundleEndpointUrl = bundleEndpointUrl;
        Profile = profile;
        EndpointSpiffeId = endpointSpiffeId;
        BootstrapBundle = bootstrapBundle;
    }

    /// <summary>The foreign trust domain whose bundle is fetched; never the local one.</summary>
    public TrustDomain TrustDomain { get; }

    public Uri BundleEndpointUrl { get; }

    public BundleEndpointProfile Profile { get; }

    /// <summary><c>https_spiffe</c>: the SPIFFE ID the server's X509-SVID must carry (§5.2.2); null for <c>https_web</c>.</summary>
    public SpiffeId? EndpointSpiffeId { get; }

    /// <summary>
    /// <c>https_spiffe</c>: the bundle of the endpoint's trust domain that authenticates the first connection, until a
    /// fetched bundle of that trust domain replaces it (§5.2.2); null for <c>https_web</c>.
    /// </summary>
    public SpiffeBundle? BootstrapBundle { get; }

    /// <summary>
    /// Checks one configured relationship: a valid trust domain other than <paramref name="local"/>; an absolute
    /// endpoint URL without user info or fragment; a profile named exactly <c>https_web</c> or <c>https_spiffe</c>.
    /// <c>https_web</c> needs <c>https</c> (plain <c>http</c> only to a loopback host, for tests and sidecars) and
    /// takes no endpoint SPIFFE ID or bootstrap bundle. <c>https_spiffe</c> needs <c>https</c>, the endpoint's SPIFFE ID
    /// and a bootstrap bundle of that ID's trust domain with at least one X.509 authority.
    /// </summary>
    public static bool TryCreate(
        TrustDomain local, string? trustDomain, string? bundleEndpointUrl, string? profile, string? endpointSpiffeId, string? bootstrapBundle,
        [NotNullWhen(true)] out FederationRelationship? relationship, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(local);
        relationship = null;
        if (!Identity.TrustDomain.TryParse(trustDomain, out var foreign, out var tdError))
        {
            error = $"TrustDomain '{trustDomain}' is not a trust domain name: {tdError}";
            return false;
        }

        if (foreign == local)
        {
            error = $"relationship '{foreign}' names the local trust domain; federation is with other trust domains only";
            return false;
        }

        if (!BundleEndpointProfiles.TryParse(profile, out var endpointProfile))
        {
            error = $"relationship '{foreign}' needs Profile '{BundleEndpointProfiles.HttpsWeb}' or '{BundleEndpointProfiles.HttpsSpiffe}' "
                + $"(got '{profile}'); it is never inferred from the URL";
            return false;
        }

        if (!TryReadUrl(bundleEndpointUrl, endpointProfile, out var url, out var urlError))
        {
            error = $"relationship '{foreign}': {urlError}";
            return false;
        }

        if (endpointProfile == BundleEndpointProfile.HttpsWeb)
        {
            if (!string.IsNullOrWhiteSpace(endpointSpiffeId) || !string.IsNullOrWhiteSpace(bootstrapBundle))
            {
                error = $"relationship '{foreign}' uses https_web: EndpointSpiffeId and BootstrapBundle belong to https_spiffe only; remove them or change the profile";
                return false;
            }

            relationship = new FederationRelationship(foreign, url, endpointProfile, null, null);
            error = null;
            return true;
        }

        if (!SpiffeId.TryParse(endpointSpiffeId, out var endpointId, out var idError))
        {
            error = $"relationship '{foreign}' uses https_spiffe and needs EndpointSpiffeId, the SPIFFE ID of the bundle endpoint server: {idError}";
            return false;
        }

        if (string.IsNullOrWhiteSpace(bootstrapBundle))
        {
            error = $"relationship '{foreign}' uses https_spiffe and needs BootstrapBundle: the bundle JSON of {endpointId.TrustDomain}, "
                + "which authenticates the first connection";
            return false;
        }

        if (!SpiffeBundleParser.TryParse(endpointId.TrustDomain, bootstrapBundle, out var bootstrap, out var bundleError))
        {
            error = $"relationship '{foreign}': BootstrapBundle is not a usable SPIFFE bundle: {bundleError}";
            return false;
        }

        if (bootstrap.X509Authorities.Count == 0)
        {
            error = $"relationship '{foreign}': BootstrapBundle has no x509-svid authority, so no server certificate could be validated";
            return false;
        }

        relationship = new FederationRelationship(foreign, url, endpointProfile, endpointId, bootstrap);
        error = null;
        return true;
    }

    public override string ToString() => $"federation with {TrustDomain} ({BundleEndpointProfiles.Name(Profile)} {BundleEndpointUrl})";

    private static bool TryReadUrl(string? text, BundleEndpointProfile profile, [NotNullWhen(true)] out Uri? url, [NotNullWhen(false)] out string? error)
    {
        if (string.IsNullOrWhiteSpace(text) || !Uri.TryCreate(text, UriKind.Absolute, out url)
            || !string.IsNullOrEmpty(url.Fragment) || !string.IsNullOrEmpty(url.UserInfo))
        {
            url = null;
            error = $"BundleEndpointUrl '{text}' must be an absolute URL without user info or fragment (Federation §5.2)";
            return false;
        }

        if (url.Scheme == Uri.UriSchemeHttps)
        {
            error = null;
            return true;
        }

        // A bundle fetched over plain HTTP could be swapped by anyone on the path; loopback is for tests and sidecars.
        if (profile == BundleEndpointProfile.HttpsWeb && url.Scheme == Uri.UriSchemeHttp && url.IsLoopback)
        {
            error = null;
            return true;
        }

        error = profile == BundleEndpointProfile.HttpsWeb
            ? $"BundleEndpointUrl '{text}' must use https (plain http only to a loopback host)"
            : $"BundleEndpointUrl '{text}' must use https: https_spiffe authenticates the server by its TLS certificate";
        return false;
    }
}
