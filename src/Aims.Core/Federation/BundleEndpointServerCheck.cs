using System.Security.Cryptography.X509Certificates;
using Aims.Core.Credentials;
using Aims.Core.Identity;

namespace Aims.Core.Federation;

/// <summary>
/// The <c>https_spiffe</c> server check (SPIFFE Federation §5.2.2): the TLS server certificate chain must be a valid
/// X509-SVID, against the latest bundle of the endpoint's trust domain, for exactly the configured endpoint SPIFFE ID.
/// Host names play no part; the platform trust store is never consulted.
/// </summary>
public static class BundleEndpointServerCheck
{
    /// <returns>Null when the server is the configured endpoint; otherwise what is wrong with its certificate.</returns>
    public static string? Check(IReadOnlyList<X509Certificate2> chain, SpiffeId expected, X509Bundle bundle, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(bundle);
        if (chain.Count == 0)
            return "the bundle endpoint presented no server certificate";

        var result = X509SvidValidator.Validate(chain, bundle, now);
        if (!result.IsValid)
            return $"the bundle endpoint's server certificate is not a valid X509-SVID of {bundle.TrustDomain}: {result.Detail}";
        if (result.Value.Id != expected)
            return $"the bundle endpoint's server certificate is the X509-SVID of {result.Value.Id}, not the configured EndpointSpiffeId {expected}";
        return null;
    }
}
